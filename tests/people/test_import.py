import io

import pytest

from people.importing import people_import_csv
from people.models import Person
from tests.factories import JobRoleFactory, TeamFactory

pytestmark = pytest.mark.django_db


def upload(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def test_good_rows_are_imported_and_bad_rows_reported_by_line(org):
    TeamFactory(name="Enterprise West")
    JobRoleFactory(title="Account Executive")
    csv_text = (
        "username,full_name,email,title,hire_date,team,manager,job_role\n"
        "zoe,Zoe Park,zoe@example.com,AE,2024-02-01,Enterprise West,t_marco,Account Executive\n"
        "yan,,yan@example.com,AE,2024-02-01,,,\n"
        "xia,Xia Li,not-an-email,AE,2024-02-01,,,\n"
        "wim,Wim Berg,wim@example.com,AE,01/02/2024,,,\n"
        "uma,Uma Rao,uma@example.com,=HYPERLINK(\"x\"),2024-02-01,,,\n"
        "tom,Tom Lee,tom@example.com,AE,2024-02-01,No Such Team,,\n"
        "sia,Sia Moon,sia@example.com,AE,2024-02-01,,zoe,\n"
    )
    report = people_import_csv(actor=org.hr, file=upload(csv_text))
    assert report.created == 2
    assert [line for line, _ in report.errors] == [3, 4, 5, 6, 7]
    messages = dict(report.errors)
    assert "required" in messages[3]
    assert "email" in messages[4]
    assert "YYYY-MM-DD" in messages[5]
    assert "formula" in messages[6]
    assert "Unknown team" in messages[7]
    zoe = Person.objects.get(user__username="zoe")
    assert zoe.manager == org.manager and zoe.team.name == "Enterprise West"
    assert Person.objects.get(user__username="sia").manager == zoe


def test_a_manager_cycle_in_the_file_is_reported_not_applied(org):
    csv_text = "username,full_name,manager\nt_vera,Vera VP,t_ava\n"
    report = people_import_csv(actor=org.hr, file=upload(csv_text))
    assert report.updated == 1
    assert report.errors and "cycle" in report.errors[0][1]
    org.vp.refresh_from_db()
    assert org.vp.manager is None


def test_wrong_encoding_and_missing_columns_are_refused_clearly(org):
    report = people_import_csv(actor=org.hr, file=upload("username,full_name\nzoë,Zoë Ñ\n", encoding="latin-1"))
    assert report.errors[0][1].startswith("The file is not UTF-8")
    report = people_import_csv(actor=org.hr, file=upload("name,email\nx,y\n"))
    assert "Missing column" in report.errors[0][1]
    assert Person.objects.count() == 7


def test_a_file_over_the_limit_is_refused(org, settings):
    settings.CATALYST_IMPORT_MAX_BYTES = 100
    report = people_import_csv(actor=org.hr, file=upload("username,full_name\n" + "a,b\n" * 100))
    assert report.created == 0 and "limit" in report.errors[0][1]


def test_a_username_repeated_in_the_file_is_reported_not_silently_overwritten(org):
    csv_text = (
        "username,full_name,title\n"
        "zoe,Zoe Park,Account Executive\n"
        "ZOE,Zoe Parker,Sales Manager\n"
    )
    report = people_import_csv(actor=org.hr, file=upload(csv_text))
    assert report.created == 1 and report.updated == 0
    assert report.errors == [(3, "The username 'ZOE' is already on line 2; this row was skipped.")]
    zoe = Person.objects.get(user__username="zoe")
    assert (zoe.full_name, zoe.title) == ("Zoe Park", "Account Executive")



def test_the_import_sets_employee_ids_and_refuses_a_duplicate(org):
    csv_text = (
        "username,employee_id,full_name\n"
        "zoe,E100,Zoe Park\n"
        "yan,E100,Yan Wu\n"
        "xia,,Xia Li\n"
        "wim,,Wim Berg\n"
    )
    report = people_import_csv(actor=org.hr, file=upload(csv_text))
    assert report.created == 3
    assert [line for line, _ in report.errors] == [3]
    assert "employee id" in dict(report.errors)[3].lower()
    assert Person.objects.get(user__username="zoe").employee_id == "E100"
    # "Unique when set": any number of people have none.
    assert Person.objects.filter(user__username__in=["xia", "wim"], employee_id__isnull=True).count() == 2

    # A file without the column leaves the ids alone.
    people_import_csv(actor=org.hr, file=upload("username,full_name\nzoe,Zoe Park-Lee\n"))
    zoe = Person.objects.get(user__username="zoe")
    assert (zoe.full_name, zoe.employee_id) == ("Zoe Park-Lee", "E100")
