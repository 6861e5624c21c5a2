"""The key journeys, each role in a real browser (Playwright driving Chromium) against the demo data.

A rep submits a milestone with evidence, her manager approves it from /team/, and she sees the progress
bar move; a rep adds to the agenda of her next 1:1; a manager starts a plan with a report and logs a
session from a conversation template; an alumnus searches the directory; HR offboards someone in the admin.
"""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MILESTONE = "Executive presence course"


def _milestone(page, title):
    return page.locator("ol.milestones > li").filter(has_text=title)


def _progress(page) -> int:
    return int(page.locator("#plan-heading ~ [role=progressbar]").get_attribute("aria-valuenow"))


def _message(page):
    return page.locator(".messages .message").first


def test_rep_submits_a_milestone_the_manager_approves_it_and_the_progress_bar_moves(sign_in, screenshot):
    """The confirmation message shows, and each side sees the other's change at once."""
    shot = screenshot
    ava = sign_in("ava")
    assert ava.url.endswith("/plans/mine/")
    before = _progress(ava)
    milestone = _milestone(ava, MILESTONE)
    assert "In progress" in milestone.inner_text()
    milestone.get_by_label("Evidence (what you did, links, results)").fill(
        "Finished the course; ran the QBR with Northwind's CFO using the new structure."
    )
    shot(ava, "journey-01-rep-plan-before-submit")
    milestone.get_by_role("button", name=re.compile("^Submit for approval")).click()
    ava.wait_for_load_state()
    assert ava.url.endswith("/plans/mine/")
    assert f"Submitted “{MILESTONE}”" in _message(ava).inner_text()
    assert "Submitted" in _milestone(ava, MILESTONE).inner_text()
    assert "Northwind's CFO" in _milestone(ava, MILESTONE).inner_text()
    assert _progress(ava) == before  # submitting is not yet progress: approval is
    shot(ava, "journey-02-rep-plan-submitted")

    marco = sign_in("marco")
    assert marco.url.endswith("/team/")
    approval = marco.locator(".approvals > li").filter(has_text=MILESTONE)
    assert "Ava Chen" in approval.inner_text() and "Northwind's CFO" in approval.inner_text()
    shot(marco, "journey-03-manager-team-approvals")
    approval.get_by_role("button", name="Approve").click()
    marco.wait_for_load_state()
    assert marco.url.endswith("/team/")
    assert f"Approved “{MILESTONE}” for Ava Chen." in _message(marco).inner_text()
    assert marco.locator(".approvals > li").filter(has_text=MILESTONE).count() == 0
    shot(marco, "journey-04-manager-team-approved")

    ava.goto(ava.url)
    assert "Approved" in _milestone(ava, MILESTONE).inner_text()
    after = _progress(ava)
    assert after > before
    assert f"Progress: {after}%" in ava.locator("#plan-progress-text").inner_text()
    shot(ava, "journey-05-rep-plan-approved")


def test_manager_requests_changes_and_the_rep_sees_the_comment(sign_in, screenshot):
    marco = sign_in("marco")
    approval = marco.locator(".approvals > li").first
    title = approval.locator("strong").first.inner_text()
    assert title == "Ava Chen"
    approval.get_by_label("What should change?").fill("Add the CFO's name to each blocker.")
    approval.get_by_role("button", name="Request changes").click()
    marco.wait_for_load_state()
    assert "Sent “" in _message(marco).inner_text()
    ava = sign_in("ava")
    changed = ava.locator("ol.milestones > li.changes_requested")
    assert "Add the CFO's name to each blocker." in changed.inner_text()
    screenshot(ava, "journey-06-rep-changes-requested")


def test_rep_adds_an_agenda_item_to_her_next_one_on_one(sign_in, screenshot):
    ava = sign_in("ava")
    next_session = ava.locator("section.next-session")
    assert "Weekly 1:1 with Marco Bianchi" in next_session.inner_text()
    ava.locator("#next-agenda").fill("Which executive briefing can I lead end to end?")
    screenshot(ava, "journey-07-rep-next-one-on-one")
    next_session.get_by_role("button", name="Add to the agenda").click()
    ava.wait_for_load_state()
    assert re.search(r"/coaching/sessions/\d+/$", ava.url)
    assert "Added to the agenda." in _message(ava).inner_text()
    agenda = ava.locator("section[aria-labelledby=agenda-title]")
    assert "Which executive briefing can I lead end to end?" in agenda.inner_text()
    assert "Private notes" not in ava.content()  # the coachee never sees the coach's private notes
    screenshot(ava, "journey-08-rep-session-agenda")


def test_manager_starts_a_plan_with_a_report_and_logs_a_session_from_a_template(sign_in, screenshot):
    sam = sign_in("sam")
    row = sam.locator("#team-plans-heading ~ table tr").filter(has_text="Eli Romero")
    assert "No plan" in row.inner_text()
    screenshot(sam, "journey-09-manager-team-no-plan")
    row.get_by_role("link", name="Create a plan with Eli Romero").click()
    sam.wait_for_load_state()
    assert "/plans/new/?person=" in sam.url
    sam.get_by_label("Ambition").select_option(label="Next role")
    sam.get_by_label("Summary").fill("Run a territory of his own within a year.")
    screenshot(sam, "journey-10-manager-new-plan")
    sam.get_by_role("button", name="Create draft plan").click()
    sam.wait_for_load_state()
    assert re.search(r"/plans/\d+/$", sam.url)
    assert "Draft plan created for Eli Romero." in _message(sam).inner_text()
    assert "Eli Romero's development plan" in sam.locator("h1").inner_text()
    assert "Draft" in sam.locator("#plan-heading").inner_text()
    screenshot(sam, "journey-11-manager-plan-created")

    sam.goto(sam.url.split("/plans/")[0] + "/team/")
    cadence_row = sam.locator("table.cadence tr").filter(has_text="Eli Romero")
    cadence_row.get_by_role("link", name="Log a session with Eli Romero").click()
    sam.wait_for_load_state()
    sam.get_by_label("Kind").select_option(label="Monthly deep-dive")
    sam.get_by_role("radio", name=re.compile("Mastery session")).check()
    sam.get_by_label("Shared notes").fill("Picked negotiation as the skill to master this quarter.")
    screenshot(sam, "journey-12-manager-log-session")
    sam.get_by_role("button", name="Save session").click()
    sam.wait_for_load_state()
    assert "Session with Eli Romero saved." in _message(sam).inner_text()
    assert "Mastery session" in sam.content()
    screenshot(sam, "journey-13-manager-session-saved")


def test_alumnus_searches_the_directory(sign_in, screenshot):
    olga = sign_in("olga")
    assert olga.url.endswith("/alumni/")
    assert "Olga Petrova" in olga.locator("#alumni-results").inner_text()
    assert "Paul Gruber" not in olga.content()  # Paul did not opt in to the directory
    olga.get_by_role("searchbox", name="Search").fill("Northwind")
    olga.get_by_role("button", name="Search").click()
    olga.wait_for_load_state()
    results = olga.locator("#alumni-results").inner_text()
    assert "Olga Petrova" in results and "VP Partnerships" in results
    screenshot(olga, "journey-14-alumni-search")
    olga.get_by_role("searchbox", name="Search").fill("Paul")
    olga.get_by_role("button", name="Search").click()
    olga.wait_for_load_state()
    assert "No alumni match that search." in olga.locator("#alumni-results").inner_text()
    assert "Paul Gruber" not in olga.content()
    screenshot(olga, "journey-15-alumni-search-empty")

    olga.get_by_role("link", name="Edit your alumni profile").click()
    olga.wait_for_load_state()
    olga.get_by_label("Current title").fill("Chief Partnerships Officer")
    olga.get_by_role("button", name="Save").click()
    olga.wait_for_load_state()
    assert _message(olga).is_visible()
    olga.goto(olga.url.replace("/alumni/profile/", "/alumni/"))
    assert "Chief Partnerships Officer" in olga.locator("#alumni-results").inner_text()
    screenshot(olga, "journey-16-alumni-profile-saved")


def test_hr_offboards_someone_in_the_admin(sign_in, demo_site, screenshot):
    hana = sign_in("hana")
    hana.goto(f"{demo_site.url}/admin/")
    assert "HR dashboard" in hana.content()
    screenshot(hana, "journey-17-hr-admin-dashboard")
    hana.goto(f"{demo_site.url}/admin/people/person/")
    hana.locator("#result_list tr").filter(has_text="Dev Patel").locator("input[name=_selected_action]").check()
    hana.locator("select[name=action]").select_option(label="Offboard… (becomes an alumnus)")
    hana.get_by_role("button", name="Go").click()
    hana.wait_for_load_state()
    assert "/offboard/" in hana.url
    hana.get_by_label("Leaving date").fill("2026-11-20")
    hana.get_by_label("Reason for leaving").fill("Moved to a partner company")
    screenshot(hana, "journey-18-hr-offboard-form")
    hana.locator("input[type=submit][value=Offboard]").click()
    hana.wait_for_load_state()
    success = hana.locator(".messagelist .success")
    assert "Dev Patel is now an alumnus." in success.inner_text()
    screenshot(hana, "journey-19-hr-offboarded")
    hana.goto(f"{demo_site.url}/admin/people/person/?status__exact=alumni")
    assert "Dev Patel" in hana.locator("#result_list").inner_text()

    # Dev's plan left Marco's team page with him.
    marco = sign_in("marco")
    assert "Dev Patel" not in marco.locator("#team-plans-heading ~ table").inner_text()


def test_keyboard_only_sign_in_and_skip_link(browser, demo_site, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    page.wait_for_load_state("load")
    # The form is ready to type into (autofocus can land a moment after "load": wait, then insist).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'", timeout=5000)
    page.keyboard.type("ava")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plans/mine/$"))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    page.wait_for_function("document.activeElement && document.activeElement.className === 'skip-link'", timeout=5000)
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # visible when focused
    screenshot(page, "journey-20-keyboard-skip-link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    context.close()


@pytest.mark.parametrize("username, path", [
    ("ava", "/plans/mine/"), ("marco", "/team/"), ("olga", "/alumni/"), ("ava", "/notifications/preferences/"),
    ("ben", "/coaching/mentorships/"),
])
def test_pages_fit_a_phone_screen(sign_in, demo_site, screenshot, username, path):
    page = sign_in(username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo_site.url}{path}")
    # Wide tables scroll inside their card; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Tables of people become one card per row, each value labelled: nothing scrolls inside them.
    tables = page.locator("table.cards-on-phone")
    for index in range(tables.count()):
        table = tables.nth(index)
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
        label = table.evaluate("t => getComputedStyle(t.querySelector('td[data-label]:not([data-label=\"\"])'), '::before').content")
        assert label not in ("none", "normal", '""')
    screenshot(page, f"phone-{username}{path.rstrip('/').replace('/', '-')}")
