"""SCIM 2.0 over HTTP (RFC 7644) at /scim/v2/: Users and the discovery endpoints.

Views parse (scim2-models validates each body against the schema Catalyst publishes), the
services in integrations.scim.services decide, and every answer, errors included, is SCIM JSON
(`application/scim+json`, errors as `urn:ietf:params:scim:api:messages:2.0:Error`).
Only an integration token with the `scim` scope gets in.
"""
from __future__ import annotations

from typing import Any

from django.http import Http404
from pydantic import ValidationError as PydanticValidationError
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from scim2_models import (
    Context,
    Error,
    InvalidCountException,
    InvalidValueException,
    ListResponse,
    PatchOp,
    ResponseParameters,
    SCIMException,
    ScimPolicy,
    SearchRequest,
)

from common.api.parsers import CleanJSONParser
from integrations.authentication import HasIntegrationScope, IntegrationTokenAuthentication
from integrations.models import IntegrationScope
from integrations.scim import schema, selectors, services

SCIM_MEDIA_TYPE = "application/scim+json"


class ScimJSONParser(CleanJSONParser):
    media_type = SCIM_MEDIA_TYPE


class ScimJSONRenderer(JSONRenderer):
    media_type = SCIM_MEDIA_TYPE
    format = "scim"


EMPLOYEE_NUMBER_PATH = f"{schema.ENTERPRISE_USER}:employeeNumber".lower()
#: How a PATCH is read: Microsoft Entra's dialect (a `remove` whose value selects, a path filter that
#: matches nothing creates the entry) is tolerated; unknown attributes are still refused.
PATCH_POLICY = ScimPolicy(
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


def _key(mapping: dict, name: str) -> str | None:
    return next((key for key in mapping if isinstance(key, str) and key.lower() == name.lower()), None)


def employee_number_as_external_id(body: dict[str, Any]) -> dict[str, Any]:
    """A User body whose enterprise `employeeNumber` is read as `externalId` (Catalyst keeps one
    employee id). When both are sent, employeeNumber wins: identity providers that put their own id
    into externalId (Okta does by default) then still set the HR employee number."""
    body = dict(body)
    enterprise_key = _key(body, schema.ENTERPRISE_USER)
    number = None
    if enterprise_key and isinstance(body[enterprise_key], dict):
        enterprise = dict(body[enterprise_key])
        number_key = _key(enterprise, "employeeNumber")
        if number_key:
            number = enterprise.pop(number_key)
            body[enterprise_key] = enterprise
    flat_key = _key(body, EMPLOYEE_NUMBER_PATH)  # a PATCH value may name the attribute by its full path
    if flat_key:
        number = body.pop(flat_key)
    if number not in (None, ""):
        body.pop(_key(body, "externalId") or "externalId", None)
        body["externalId"] = number
    return body


def patch_employee_number_as_external_id(body: dict[str, Any]) -> dict[str, Any]:
    """The same reading for a PatchOp: an operation on employeeNumber is an operation on externalId."""
    body = dict(body)
    operations_key = _key(body, "Operations")
    if not operations_key or not isinstance(body[operations_key], list):
        return body
    operations = []
    for operation in body[operations_key]:
        if isinstance(operation, dict):
            operation = dict(operation)
            path_key, value_key = _key(operation, "path"), _key(operation, "value")
            path = operation.get(path_key) if path_key else None
            if isinstance(path, str) and path.lower() == EMPLOYEE_NUMBER_PATH:
                operation[path_key] = "externalId"
            elif isinstance(path, str) and path.lower() == schema.ENTERPRISE_USER.lower() and value_key:
                value = operation[value_key]
                if isinstance(value, dict) and _key(value, "employeeNumber"):
                    value = dict(value)
                    number = value.pop(_key(value, "employeeNumber"))
                    operation[value_key] = value
                    operations.append({"op": operation.get(_key(operation, "op") or "op"), "path": "externalId",
                                       "value": number})
            elif path is None and value_key and isinstance(operation[value_key], dict):
                operation[value_key] = employee_number_as_external_id(operation[value_key])
        operations.append(operation)
    body[operations_key] = operations
    return body


def _validation_error(error: PydanticValidationError) -> Error:
    errors = Error.from_validation_errors(error)
    first = errors[0]
    if len(errors) > 1:
        first.detail = "; ".join(item.detail or "" for item in errors)
    return first


class ScimView(APIView):
    authentication_classes = [IntegrationTokenAuthentication]
    permission_classes = [HasIntegrationScope]
    required_scope = IntegrationScope.SCIM
    parser_classes = [ScimJSONParser, CleanJSONParser]
    renderer_classes = [ScimJSONRenderer, JSONRenderer]
    throttle_classes: list = []
    schema = None  # not part of the /api/v1/ OpenAPI description: RFC 7643 is SCIM's

    def base_url(self) -> str:
        return self.request.build_absolute_uri("/scim/v2").rstrip("/")

    def scim(self, payload: dict[str, Any], status: int = 200, *, headers: dict[str, str] | None = None) -> Response:
        return Response(payload, status=status, headers=headers, content_type=SCIM_MEDIA_TYPE)

    def error(self, error: Error) -> Response:
        response = self.scim(error.model_dump(scim_ctx=Context.DEFAULT), status=int(error.status or 400))
        return response

    def handle_exception(self, exc):
        if isinstance(exc, SCIMException):
            error = exc.to_error()
        elif isinstance(exc, PydanticValidationError):
            error = _validation_error(exc)
        elif isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
            error = Error(status=401, detail=str(exc.detail))
            response = self.error(error)
            response["WWW-Authenticate"] = IntegrationTokenAuthentication().authenticate_header(self.request)
            return response
        elif isinstance(exc, exceptions.PermissionDenied):
            error = Error(status=403, detail=str(exc.detail))
        elif isinstance(exc, exceptions.ParseError):
            error = Error(status=400, scim_type="invalidSyntax", detail=str(exc.detail))
        elif isinstance(exc, Http404 | exceptions.NotFound):
            error = Error(status=404, detail="Not found.")
        elif isinstance(exc, exceptions.APIException):
            error = Error(status=exc.status_code, detail=str(exc.detail))
        else:
            return super().handle_exception(exc)
        return self.error(error)

    def body(self) -> dict[str, Any]:
        data = self.request.data
        if not isinstance(data, dict):
            raise InvalidValueException(detail="The body must be a JSON object.")
        return data

    def response_parameters(self) -> ResponseParameters:
        params = self.request.query_params
        return ResponseParameters[schema.User].model_validate({
            "attributes": params.get("attributes"),
            "excludedAttributes": params.get("excludedAttributes"),
        })

    def user_payload(self, person, context: Context, parameters: ResponseParameters | None = None) -> dict:
        user = selectors.person_as_scim_user(person, base_url=self.base_url())
        return user.model_dump(scim_ctx=context, response_parameters=parameters)

    def user_response(self, person, context: Context, status: int = 200) -> Response:
        payload = self.user_payload(person, context, self.response_parameters())
        return self.scim(payload, status, headers={"Location": payload["meta"]["location"]} if status == 201 else None)


def _int_param(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as error:
        refusal = InvalidCountException if name == "count" else InvalidValueException
        raise refusal(detail=f"{name} must be a whole number.") from error


class UsersView(ScimView):
    def get(self, request):
        params = request.query_params
        return self.search(
            filter_text=params.get("filter"),
            start=_int_param(params, "startIndex", 1),
            count=_int_param(params, "count", schema.MAX_RESULTS),
            parameters=self.response_parameters(),
        )

    def search(self, *, filter_text: str | None, start: int | None, count: int | None, parameters) -> Response:
        people = selectors.scim_people()
        if filter_text:
            people = people.filter(selectors.scim_filter_q(str(filter_text)))
        start = max(start or 1, 1)
        count = schema.MAX_RESULTS if count is None else min(max(count, 0), schema.MAX_RESULTS)
        total = people.count()
        page = list(people[start - 1:start - 1 + count]) if count else []
        base_url = self.base_url()
        users = [selectors.person_as_scim_user(person, base_url=base_url) for person in page]
        listing = ListResponse[schema.User](
            total_results=total, start_index=start, items_per_page=len(users), resources=users or None
        )
        return self.scim(listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters))

    def post(self, request):
        body = employee_number_as_external_id(self.body())
        user = schema.User.model_validate(body, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
        person = services.scim_user_create(token=request.auth, user=user)
        return self.user_response(person, Context.RESOURCE_CREATION_RESPONSE, status=201)


class UsersSearchView(UsersView):
    """POST /Users/.search (RFC 7644 §3.4.3): the same query as GET /Users, in the body."""

    def get(self, request):
        raise exceptions.MethodNotAllowed("GET")

    def post(self, request):
        search = SearchRequest[schema.User].model_validate(self.body(), scim_ctx=Context.SEARCH_REQUEST)
        return self.search(
            filter_text=search.filter, start=search.start_index, count=search.count, parameters=search
        )


class UserView(ScimView):
    def get(self, request, scim_id: str):
        person = selectors.scim_person_get(scim_id=scim_id)
        return self.user_response(person, Context.RESOURCE_QUERY_RESPONSE)

    def put(self, request, scim_id: str):
        person = selectors.scim_person_get(scim_id=scim_id)
        body = employee_number_as_external_id(self.body())
        user = schema.User.model_validate(body, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        person = services.scim_user_replace(token=request.auth, person=person, user=user)
        return self.user_response(person, Context.RESOURCE_REPLACEMENT_RESPONSE)

    def patch(self, request, scim_id: str):
        person = selectors.scim_person_get(scim_id=scim_id)
        body = patch_employee_number_as_external_id(self.body())
        with PATCH_POLICY:
            patch = PatchOp[schema.User].model_validate(body, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
            person = services.scim_user_patch(
                token=request.auth, person=person, patch=patch, base_url=self.base_url()
            )
        return self.user_response(person, Context.RESOURCE_PATCH_RESPONSE)

    def delete(self, request, scim_id: str):
        person = selectors.scim_person_get(scim_id=scim_id)
        services.scim_user_deactivate(token=request.auth, person=person)
        return Response(status=204)


class ServiceProviderConfigView(ScimView):
    def get(self, request):
        config = schema.service_provider_config()
        config.meta = _meta("ServiceProviderConfig", f"{self.base_url()}/ServiceProviderConfig")
        return self.scim(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def _meta(resource_type: str, location: str):
    from scim2_models import Meta

    return Meta(resource_type=resource_type, location=location)


def discovery_answer(view, found: list, wanted: str | None):
    """A discovery endpoint's answer: the one item asked for by id (404 if none), else all of them."""
    if wanted is not None:
        found = [item for item in found if item.id == wanted]
        if not found:
            raise Http404
        return view.scim(found[0].model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    listing = ListResponse[type(found[0])](
        total_results=len(found), start_index=1, items_per_page=len(found), resources=found
    )
    return view.scim(listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE))


class ResourceTypesView(ScimView):
    def resource_types(self):
        resource_type = schema.user_resource_type()
        resource_type.meta = _meta("ResourceType", f"{self.base_url()}/ResourceTypes/User")
        return [resource_type]

    def get(self, request, name: str | None = None):
        return discovery_answer(self, self.resource_types(), name)


class SchemasView(ScimView):
    def schemas(self):
        found = schema.user_schemas()
        for item in found:
            item.meta = _meta("Schema", f"{self.base_url()}/Schemas/{item.id}")
        return found

    def get(self, request, schema_id: str | None = None):
        return discovery_answer(self, self.schemas(), schema_id)


class NotFoundView(ScimView):
    """Anything else under /scim/v2/: a SCIM 404 (for a caller with a token; 401 otherwise)."""

    def dispatch_any(self, request, *args, **kwargs):
        raise Http404

    get = post = put = patch = delete = dispatch_any
