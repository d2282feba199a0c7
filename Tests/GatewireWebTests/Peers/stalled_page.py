"""Stalls the web view's page in a real headless Chromium and reports the notice it shows afterwards.

  stalled_page.py URL SECONDS LAST

Opens URL, waits until the page streams, prints STALLING, keeps the page's JavaScript busy for SECONDS (so the
browser stops taking the stream and the server must skip), then waits for the "events skipped" notice and for the
page to catch up to event number LAST (live events reach a page at a bounded rate, so the tail can take a few
seconds) and prints what it shows as JSON: {"notice": "...", "skipped": N, "events": M, "lastSeq": L}. Exits 1
with a reason when the notice never shows or the page never catches up.
"""

import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"]:
    options.add_argument(argument)
driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
try:
    driver.set_script_timeout(60)
    driver.get(sys.argv[1])
    deadline = time.monotonic() + 20
    while "live" not in driver.find_element(By.ID, "status").text:
        if time.monotonic() > deadline:
            print("the page never streamed", file=sys.stderr)
            sys.exit(1)
        time.sleep(0.05)
    print("STALLING", flush=True)
    driver.execute_script("const end = performance.now() + arguments[0] * 1000; while (performance.now() < end) {}",
                          float(sys.argv[2]))
    deadline = time.monotonic() + 30
    while True:
        notice = driver.find_element(By.ID, "skipped")
        if notice.is_displayed() and "skipped" in notice.text:
            break
        if time.monotonic() > deadline:
            print("no skipped notice; the page has " + str(driver.execute_script("return state.events.length")),
                  file=sys.stderr)
            sys.exit(1)
        time.sleep(0.1)
    while driver.execute_script("return state.lastSeq") < int(sys.argv[3]):
        if time.monotonic() > deadline:
            print("the page stopped at event " + str(driver.execute_script("return state.lastSeq")), file=sys.stderr)
            sys.exit(1)
        time.sleep(0.1)
    print(json.dumps({"notice": notice.text, "skipped": driver.execute_script("return state.skipped"),
                      "events": driver.execute_script("return state.events.length"),
                      "lastSeq": driver.execute_script("return state.lastSeq")}), flush=True)
finally:
    driver.quit()
