"""Drives Gatewire's web view in a real headless Chromium (Debian's chromium and chromedriver, through Selenium).

  web_view_check.py live VIEW_URL PROXY_URL HAR_OUT [--default]
      Plays traffic through `gatewire proxy --web` with a websockets client and checks what the page shows:
      the new connection within 1 s, route keys (matched, Forbidden or $default with the hint), the $connect lint,
      the cross-connection cacheKey finding, filters by route and direction, the detail pane's route selection,
      the diagnosis, and that no redacted secret reaches the page, its event stream or its downloads. Saves the
      HAR download to HAR_OUT. Prints one JSON object of measurements; exits 1 with a reason on the first failure.

  web_view_check.py held VIEW_URL PROXY_URL CONTROL_URL
      Against `gatewire proxy --web --control --break route=pay` in front of an echoing upstream: a websockets client
      sends a pay message; the page's Held panel shows it (the seconds it took are reported); Edit & release sends
      an edited payload, whose echo the client gets; the timeline shows the held and injected badges; a message the
      control API pushes shows its injected badge; the "Gatewire's doing" filter keeps only those rows.

  web_view_check.py diagnosis VIEW_URL...
      Waits until each view has loaded all its events and prints, per URL, what its diagnosis section shows.
"""

import contextlib
import json
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from websockets.sync.client import connect

SECRET_TOKEN = "tok-SECRET-7f3a9c1d2e"
SECRET_AUTHORIZATION = "Bearer auth-SECRET-5b8e0a4f6c"


class Failure(Exception):
    pass


def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    return driver


def wait_for(what, predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise Failure("gave up waiting for " + what)


def settled(read, expected, timeout=10.0):
    """What `read` gives once it gives `expected`, or what it gave last when the time is up (for the test to show)."""
    deadline = time.monotonic() + timeout
    value = read()
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.02)
        value = read()
    return value


def rows(driver):
    """The timeline rows on screen, as dictionaries."""
    return driver.execute_script(
        """return Array.from(document.querySelectorAll('#timeline-rows .row')).map(r => ({
            seq: Number(r.dataset.seq), type: r.dataset.type, outcome: r.dataset.outcome || null,
            route: r.dataset.route || null, routeText: r.querySelector('.c-route').textContent,
            why: r.querySelector('.c-why').textContent, dir: r.querySelector('.c-dir').textContent,
            conn: r.querySelector('.c-conn').textContent}))""")


def fetch(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def read_stream(url, seconds):
    """What /events sends in the first `seconds`."""
    data = b""
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                chunk = response.read1(65536)
                if not chunk:
                    break
                data += chunk
    except Exception:
        pass
    return data.decode("utf-8", "replace")


def click(driver, selector):
    """Clicks the element the selector names, in the page itself: rows are rebuilt as events arrive, so an element
    found by WebDriver may be replaced before its click lands."""
    wait_for("something to click at " + selector, lambda: driver.execute_script(
        "const node = document.querySelector(arguments[0]); if (!node) return false; node.click(); return true;",
        selector))


def no_secrets(where, text):
    for secret in [SECRET_TOKEN, SECRET_AUTHORIZATION, "auth-SECRET"]:
        if secret in text:
            raise Failure(f"{where} holds the secret {secret!r}")


def set_filter(driver, field, value):
    element = driver.find_element(By.ID, field)
    if element.tag_name == "select":
        Select(element).select_by_value(value)
    else:
        element.clear()
        element.send_keys(value)


def live(view, proxy, har_out, has_default):
    report = {}
    driver = browser()
    connections = contextlib.ExitStack()
    try:
        driver.get(view)
        wait_for("the stream to open", lambda: "live" in driver.find_element(By.ID, "status").text)

        # A connection with a raw '+' in its cacheKey and secrets in its query and headers.
        query = f"serviceName=tiles&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&token={SECRET_TOKEN}"
        first = connections.enter_context(
            connect(f"{proxy}/prod?{query}", additional_headers={"Authorization": SECRET_AUTHORIZATION}))
        started = time.monotonic()
        # Measured and reported (typically well under 1 s); the wait itself is generous, since a test run shares the
        # machine's cores with every other suite and timing is for benchmarks, not for pass or fail.
        wait_for("c1 in the connection list", lambda: driver.find_elements(
            By.CSS_SELECTOR, '#connections tr[data-connection="c1"]'), timeout=10.0)
        report["connectionShownAfterSeconds"] = round(time.monotonic() - started, 3)

        first.send(json.dumps({"action": "sendmessage", "data": "hello"}))
        first.send(json.dumps({"action": "sendMessage", "data": "wrong case"}))
        if not has_default:
            reply = json.loads(first.recv(timeout=5))
            report["replyToWrongKey"] = reply.get("message")

        # The same key encoded as encodeURIComponent would: the backend sees a different value.
        second = connections.enter_context(
            connect(f"{proxy}/prod?serviceName=tiles&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00"))
        second.send(json.dumps({"action": "sendmessage", "data": "from c2"}))
        time.sleep(0.3)

        expected_outcome = "default" if has_default else "rejected"
        wrong = wait_for("the wrong-case message's row", lambda: [
            r for r in rows(driver) if r["outcome"] == expected_outcome])[0]
        if "did you mean sendmessage" not in wrong["why"]:
            raise Failure("the near-miss hint is not shown: " + wrong["why"])
        expected_text = "$default" if has_default else "Forbidden"
        if wrong["routeText"] != expected_text:
            raise Failure(f"the wrong key shows {wrong['routeText']!r}, not {expected_text!r}")
        matched = [r for r in rows(driver) if r["outcome"] == "matched"]
        if len(matched) != 2 or any(r["route"] != "sendmessage" for r in matched):
            raise Failure(f"matched rows: {matched}")
        report["wrongKeyRow"] = wrong

        # The $connect lint on c1, and the cross-connection finding on c2, in the detail pane.
        click(driver, '#connections tr[data-connection="c1"]')
        wait_for("c1's findings", lambda: driver.find_elements(
            By.CSS_SELECTOR, '#detail .finding[data-code="plus-decodes-to-space"]'))
        raw_query = driver.find_element(By.CSS_SELECTOR, "#connect-query .raw-query").text
        if "+00:00" not in raw_query:
            raise Failure("the raw query is not shown as sent: " + raw_query)
        decoded = driver.find_element(By.CSS_SELECTOR, "#connect-query .decoded-query").text
        if "35354-2024-08-01T19:37:55.612063 00:00" not in decoded:
            raise Failure("the decoded query does not show the space the backend receives: " + decoded)
        no_secrets("the page with c1's handshake shown", driver.page_source)
        click(driver, '#connections tr[data-connection="c1"]')  # deselect
        wait_for("c2's row", lambda: driver.find_elements(By.CSS_SELECTOR, '#connections tr[data-connection="c2"]'))
        click(driver, '#connections tr[data-connection="c2"]')
        wait_for("the cross-connection cacheKey finding on c2", lambda: driver.find_elements(
            By.CSS_SELECTOR, '#detail .finding[data-code="same-key-different-bytes"]'))
        worst = driver.execute_script(
            """return document.querySelector('#connections tr[data-connection="c1"] td:last-child').textContent""")
        report["c1WorstFinding"] = worst
        click(driver, "#filter-clear")

        # Filters: by route, then by direction, kept in the address.
        set_filter(driver, "filter-route", "sendmessage")
        wait_for("the route filter", lambda: "route=sendmessage" in driver.current_url)
        listed = wait_for("only sendmessage rows", lambda: (lambda r: r if r and all(
            x["route"] == "sendmessage" for x in r) else None)(rows(driver)))
        report["rowsWithRouteFilter"] = len(listed)
        if len(listed) != 2:
            raise Failure(f"the route filter lists {len(listed)} rows: {listed}")
        href = driver.find_element(By.ID, "download-har").get_attribute("href")
        if "route=sendmessage" not in href:
            raise Failure("the HAR download does not carry the filter: " + href)
        click(driver, "#filter-clear")
        set_filter(driver, "filter-direction", "server")
        wait_for("the direction filter", lambda: "direction=server" in driver.current_url)
        listed = wait_for("only server rows", lambda: (lambda r: r if r and all(
            x["dir"] != "→" for x in r) else None)(rows(driver)))
        report["rowsWithDirectionFilter"] = len(listed)
        all_rows_count = None
        click(driver, "#filter-clear")
        all_rows_count = len(wait_for("all rows again", lambda: (lambda r: r if len(r) > len(listed) else None)(
            rows(driver))))
        report["rowsWithoutFilter"] = all_rows_count

        # Severity: only events with an error finding (c2's handshake, whose cacheKey c1 sent differently).
        set_filter(driver, "filter-severity", "error")
        listed = wait_for("only error rows", lambda: (lambda r: r if r and all(
            x["type"] in ("connect", "error") for x in r) else None)(rows(driver)))
        if [x["conn"] for x in listed if x["type"] == "connect"] != ["c2"]:
            raise Failure(f"the severity filter lists {listed}")
        click(driver, "#filter-clear")

        # Pause holds the list still while events keep arriving; a filter still applies to what was listed; resume
        # shows the rest. (The list is the unfiltered one again before the pause: clearing redraws on the next frame.)
        before = len(wait_for("the unfiltered rows", lambda: (lambda r: r if len(r) == all_rows_count else None)(
            rows(driver))))
        click(driver, "#pause")
        first.send(json.dumps({"action": "sendmessage", "data": "while paused"}))
        wait_for("the paused count", lambda: "paused (1 new)" in driver.find_element(By.ID, "status").text)
        time.sleep(0.3)  # a redraw or two
        if len(rows(driver)) != before:
            raise Failure("the list changed while paused")
        set_filter(driver, "filter-route", "sendmessage")
        listed = wait_for("the route filter while paused", lambda: (lambda r: r if r and all(
            x["route"] == "sendmessage" for x in r) else None)(rows(driver)))
        if len(listed) != 2:
            raise Failure(f"while paused, the route filter lists {len(listed)} rows, not the 2 sent before the pause")
        click(driver, "#filter-clear")
        wait_for("the unfiltered rows while paused", lambda: len(rows(driver)) == before)
        click(driver, "#pause")
        wait_for("the held event after resuming", lambda: len(rows(driver)) == before + 1)

        # A shared address opens with the same filter.
        driver.get(view.rstrip("/") + "/?route=sendmessage")
        wait_for("the filter from the address", lambda: driver.find_element(
            By.ID, "filter-route").get_attribute("value") == "sendmessage")
        wait_for("the filtered rows from the address", lambda: len(rows(driver)) == 3)
        click(driver, "#filter-clear")

        # The detail pane shows how the expression evaluated.
        seq = wrong["seq"]
        wait_for("the wrong-key row", lambda: driver.find_elements(By.CSS_SELECTOR, f'#timeline-rows .row[data-seq="{seq}"]'))
        click(driver, f'#timeline-rows .row[data-seq="{seq}"]')
        resolution = wait_for("the route selection", lambda: driver.find_elements(By.ID, "resolution"))[0].text
        for part in ["$request.body.action", '"sendMessage"', "sendmessage", expected_outcome]:
            if part not in resolution:
                raise Failure(f"the route selection lacks {part!r}: {resolution}")
        payload = driver.find_element(By.ID, "payload-view").text
        if '"action": "sendMessage"' not in payload:
            raise Failure("the payload is not pretty-printed JSON: " + payload)
        report["resolution"] = resolution

        # The arrow keys move the selection to the row above.
        ActionChains(driver).send_keys(Keys.ARROW_UP).perform()
        wait_for("the row above to be selected", lambda: driver.execute_script(
            "return document.querySelector('#detail h3').textContent") == f"message #{seq - 1}")

        # The diagnosis names the missing subscription and the route problem, linking to the connections.
        wait_for("the missing subscription", lambda: driver.find_elements(
            By.CSS_SELECTOR, '#diagnosis .diag[data-section="missingSubscriptions"] a[data-connection="c2"]'))
        wait_for("the route problem", lambda: driver.find_elements(
            By.CSS_SELECTOR, '#diagnosis .diag[data-section="routeProblems"][data-value="sendMessage"]'))
        click(driver, '#diagnosis .diag[data-section="missingSubscriptions"] a[data-connection="c2"]')
        wait_for("the link to select c2", lambda: "connection=c2" in driver.current_url)

        # Nothing the pipeline redacts reaches the page, its stream or its downloads.
        first.close()
        second.close()
        time.sleep(0.3)
        base = view.split("?")[0].rstrip("/")
        stream = read_stream(base + "/events", 1.5)
        if "sendMessage" not in stream:
            raise Failure("the event stream did not carry the messages")
        no_secrets("the event stream", stream)
        no_secrets("the page", driver.page_source)
        no_secrets("the recording download", fetch(base + "/recording.jsonl"))
        no_secrets("the diagnosis", fetch(base + "/diagnosis"))
        har = fetch(base + "/export.har")
        no_secrets("the HAR download", har)
        with open(har_out, "w") as output:
            output.write(har)
        filtered = fetch(base + "/recording.jsonl?route=sendmessage")
        report["filteredRecordingLines"] = len(filtered.strip().split("\n"))
        report["ok"] = True
    finally:
        connections.close()
        driver.quit()
    return report


def intervened_rows(driver):
    """The timeline rows with an intervention badge, as dictionaries."""
    return driver.execute_script(
        """return Array.from(document.querySelectorAll('#timeline-rows .row[data-intervention]')).map(r => ({
            kind: r.dataset.intervention, dir: r.querySelector('.c-dir').textContent,
            badge: r.querySelector('.c-why .iv').textContent, title: r.querySelector('.c-why .iv').title,
            why: r.querySelector('.c-why').textContent,
            text: (state.events.find(e => e.seq === Number(r.dataset.seq)) || {event: {}}).event.text || null}))""")


def held(view, proxy, control):
    report = {}
    driver = browser()
    connections = contextlib.ExitStack()
    try:
        driver.get(view)
        wait_for("the stream to open", lambda: "live" in driver.find_element(By.ID, "status").text)
        wait_for("the Held panel", lambda: driver.find_element(By.ID, "held-pane").is_displayed())
        client = connections.enter_context(connect(f"{proxy}/prod"))
        original = json.dumps({"action": "pay", "amount": 1})
        edited = json.dumps({"action": "pay", "amount": 2})
        client.send(original)
        started = time.monotonic()
        wait_for("the held message in the Held panel", lambda: driver.find_elements(
            By.CSS_SELECTOR, "#held-list .held-row"), timeout=30.0)
        report["heldShownAfterSeconds"] = round(time.monotonic() - started, 3)
        report["heldRow"] = driver.execute_script(
            """const r = document.querySelector('#held-list .held-row');
               return {id: r.dataset.id, connection: r.querySelector('.held-conn').textContent,
                 rule: r.querySelector('.held-rule').textContent, preview: r.querySelector('.held-preview').textContent,
                 age: r.querySelector('.held-age').textContent, left: r.querySelector('.held-left').textContent,
                 editor: r.querySelector('.held-editor').value}""")
        driver.find_element(By.CSS_SELECTOR, "#held-list .held-edit").click()
        editor = driver.find_element(By.CSS_SELECTOR, "#held-list .held-editor")
        editor.clear()
        editor.send_keys(edited)
        driver.find_element(By.CSS_SELECTOR, "#held-list .held-send").click()
        report["echo"] = client.recv(timeout=10)
        wait_for("the Held panel to empty", lambda: not driver.find_elements(By.CSS_SELECTOR, "#held-list .held-row"))

        # The control API pushes a message to the client as the backend would.
        request = urllib.request.Request(control + "/@connections/c1", data=b'{"pushed":true}', method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            report["pushStatus"] = response.status
        report["pushed"] = client.recv(timeout=10)
        wait_for("the injected push in the timeline", lambda: any(
            "pushed" in (row["text"] or "") for row in intervened_rows(driver)))
        report["intervened"] = intervened_rows(driver)

        click(driver, '#timeline-rows .row[data-intervention="held"]')
        report["heldDetail"] = wait_for("the detail's intervention", lambda: driver.execute_script(
            "const node = document.getElementById('intervention'); return node && node.textContent"))
        # The connection table is redrawn at most four times a second: its counts may follow the timeline late.
        report["counts"] = settled(lambda: driver.execute_script(
            """const cells = document.querySelectorAll('#connections tr[data-connection="c1"] td');
               return cells.length ? [cells[5].textContent, cells[6].textContent] : null"""), ["2", "2"])
        report["rowsWithoutFilter"] = len(rows(driver))
        set_filter(driver, "filter-interventions", "only")
        wait_for("the filter to apply", lambda: "interventions=only" in driver.current_url)
        time.sleep(0.3)
        report["rowsOnlyIntervened"] = len(rows(driver))
        report["intervenedOnlyIntervened"] = len(intervened_rows(driver))
        set_filter(driver, "filter-interventions", "hide")
        wait_for("the filter to apply", lambda: "interventions=hide" in driver.current_url)
        time.sleep(0.3)
        report["intervenedWhenHidden"] = len(intervened_rows(driver))
    finally:
        connections.close()
        driver.quit()
    return report


def diagnosis(views):
    results = []
    driver = browser()
    try:
        for view in views:
            driver.get(view)
            wait_for("all events of " + view, lambda: "all events loaded" in driver.find_element(By.ID, "status").text,
                     timeout=30)
            summary = wait_for("the diagnosis of " + view, lambda: driver.find_element(
                By.ID, "diagnosis-summary").get_attribute("data-summary"), timeout=30)
            # The page asks for the diagnosis until it covers every event it has.
            wait_for("the diagnosis of every event of " + view, lambda: driver.execute_script(
                "return state.diagnosisCovers >= state.lastSeq && state.lastSeq > 0"), timeout=30)
            shown = driver.execute_script(
                """const items = (section) => Array.from(
                       document.querySelectorAll('#diagnosis .diag[data-section="' + section + '"]'));
                   return {
                     summary: JSON.parse(document.getElementById('diagnosis-summary').dataset.summary),
                     missingSubscriptions: items('missingSubscriptions').length,
                     routeProblems: items('routeProblems').map(n => n.dataset.value || ''),
                     gatewayTrouble: items('gatewayTrouble').map(n => n.dataset.kind),
                     connections: document.querySelectorAll('#connections tbody tr').length,
                   };""")
            results.append({"view": view, **shown})
    finally:
        driver.quit()
    return results


def main():
    mode = sys.argv[1]
    try:
        if mode == "live":
            print(json.dumps(live(sys.argv[2], sys.argv[3], sys.argv[4], "--default" in sys.argv[5:])))
        elif mode == "held":
            print(json.dumps(held(sys.argv[2], sys.argv[3], sys.argv[4])))
        elif mode == "diagnosis":
            print(json.dumps(diagnosis(sys.argv[2:])))
        else:
            raise Failure("unknown mode " + mode)
    except Failure as failure:
        print("FAILED: " + str(failure), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
