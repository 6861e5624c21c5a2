from django.urls import path

from alumni.api import views

urlpatterns = [
    path("people/<int:pk>/offboard/", views.PersonOffboardView.as_view(), name="api-person-offboard"),
    path("people/<int:pk>/rehire/", views.PersonRehireView.as_view(), name="api-person-rehire"),
    path("people/<int:pk>/anonymise/", views.PersonAnonymiseView.as_view(), name="api-person-anonymise"),
    path("alumni/", views.AlumniDirectoryView.as_view(), name="api-alumni-directory"),
    path("alumni/me/", views.AlumniMeView.as_view(), name="api-alumni-me"),
    path("alumni/contributions/", views.AlumniContributionCreateView.as_view(), name="api-alumni-contributions"),
]
