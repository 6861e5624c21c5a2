"""OpenAPI post-processing: document the error answers every endpoint can give.

drf-spectacular documents the success bodies; the contract's errors (400 field errors, 401, 403,
404 outside scope, 409 illegal transition, 429 throttled) are the same shape everywhere, so they
are added here once rather than on every view.
"""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": True,
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Field errors: each field (or non_field_errors) maps to a list of messages.",
    "additionalProperties": True,
}

ERROR_RESPONSES = {
    "401": "Not signed in, or the token is invalid or expired.",
    "403": "Signed in, but this action is not allowed for you.",
    "404": "No such object, or it is outside what you may see.",
    "429": "Too many requests; try again later.",
}
WRITE_ERROR_RESPONSES = {
    "400": "Bad input: field errors.",
    "409": "The object's current state does not allow this.",
}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    components.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(ERROR_RESPONSES)
            if method != "get" or operation.get("parameters"):
                errors.update(WRITE_ERROR_RESPONSES)
            for code, description in errors.items():
                schema_name = "ValidationError" if code == "400" else "Error"
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
                    },
                )
    return result


# Output fields that are left out for some callers (never sent as null): not required in the schema.
OMITTED_FOR_SOME_CALLERS = {"Session": ["private_notes"], "Mentorship": ["mentee_baseline", "mentee_revenue_lift", "net_return"]}


def mark_omittable_fields(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for component, fields in OMITTED_FOR_SOME_CALLERS.items():
        required = schemas.get(component, {}).get("required")
        if required:
            schemas[component]["required"] = [name for name in required if name not in fields]
    return result
