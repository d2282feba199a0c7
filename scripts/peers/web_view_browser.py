"""Keeps the web view open in headless Chromium (Debian's chromium and chromedriver, through Selenium) while a
benchmark runs: web_view_browser.py URL. Prints READY once the page streams; on SIGTERM or end of standard input it
prints what the page received (events, skipped) as JSON and exits."""

import json
import signal
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"]:
    options.add_argument(argument)
driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
driver.get(sys.argv[1])
deadline = time.monotonic() + 20
while "live" not in driver.find_element(By.ID, "status").text and time.monotonic() < deadline:
    time.sleep(0.05)
print("READY", flush=True)
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
done.wait()
# Let the page take what is still on its way, then report.
time.sleep(1)
print(json.dumps(driver.execute_script(
    "return {events: state.events.length, lastSeq: state.lastSeq, skipped: state.skipped}")), flush=True)
driver.quit()
