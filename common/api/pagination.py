from rest_framework.pagination import PageNumberPagination

from common.api.params import integer_param


class StandardPagination(PageNumberPagination):
    """Pages of 25 by default; `page_size` up to 100. A malformed page size is a 400, not ignored."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        size = integer_param(request.query_params, self.page_size_query_param, minimum=1, maximum=self.max_page_size)
        return size if size is not None else self.page_size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters
