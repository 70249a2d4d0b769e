"""A meeting of the 11 delegations of examples/asean-amm.json held in
Debian's chromium, headless, driven by selenium: each delegation's page
gives its stance (Cambodia objects, with a reason), the public page and
the Chair's show them as they arrive without a reload, the Chair closes
the round (blocked), amends the text, the second round adopts, the Chair
moves on; the journal holds the record `mufakat show` prints. The
screenshots are left in tests/serve-screens/ of the build folder."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_client import Server, check, driver, fails, \
    passes  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

AMM = os.path.join(os.environ["top_srcdir"], "examples", "asean-amm.json")
SHOTS = os.path.join(os.environ["top_builddir"], "tests", "serve-screens")


def start_browser(profile):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--user-data-dir=" + profile,
              "--window-size=1100,1300", "--no-first-run",
              "--disable-extensions", "--disable-background-networking"):
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                            options=o)


def text_of(b, id_):
    return b.find_element(By.ID, id_).text


def wait_text(b, id_, want, timeout=10):
    """Waits until element id_'s text holds `want`; its text then."""
    try:
        WebDriverWait(b, timeout, 0.05).until(
            lambda d: want in d.find_element(By.ID, id_).text)
    except Exception:
        pass
    return text_of(b, id_)


def cell(b, member, col=-1):
    row = b.find_element(By.CSS_SELECTOR, "tr[data-member=%s]" % member)
    return row.find_elements(By.TAG_NAME, "td")[col].text


tmp = tempfile.mkdtemp()
shutil.rmtree(SHOTS, ignore_errors=True)
os.makedirs(SHOTS)
s = b = None
t0 = time.time()
try:
    j = os.path.join(tmp, "amm.journal")
    s = Server(AMM, j)
    members = [k for k in s.links if k not in ("chair", "public")]
    b = start_browser(os.path.join(tmp, "profile"))
    b.set_page_load_timeout(20)
    b.get(s.links["public"])
    public = b.current_window_handle
    check("P1" in wait_text(b, "proposal-head", "P1"),
          "the public page shows P1")
    check("round 1" in text_of(b, "meta"), "the public page shows round 1")
    b.switch_to.new_window("tab")
    b.get(s.links["chair"])
    chair = b.current_window_handle
    check(wait_text(b, "title", "The Chair") == "The Chair",
          "the Chair's link opens the Chair's page")
    b.switch_to.window(public)
    check(not b.find_element(By.ID, "chair").is_displayed() and
          not b.find_element(By.ID, "mine").is_displayed(),
          "the public page has neither a delegation's form nor the Chair's")

    def delegation(m, stance, reason=None, shot=None):
        """Opens m's page in a tab, gives its stance, closes the tab."""
        b.switch_to.window(public)
        b.switch_to.new_window("tab")
        b.get(s.links[m])
        WebDriverWait(b, 10, 0.05).until(
            lambda d: d.find_elements(By.ID, "stance-" + stance))
        b.find_element(By.ID, "stance-" + stance).click()
        if reason:
            b.find_element(By.ID, "reason").send_keys(reason)
        b.find_element(By.ID, "give").click()
        note = wait_text(b, "note", "on the record")
        check("on the record" in note, "%s's stance acknowledged (%s)"
              % (m, note))
        mine = wait_text(b, "mine-now", stance)
        check(stance in mine, "%s's page shows its stance (%s)" % (m, mine))
        if shot:
            b.set_window_size(412, 915)  # a phone
            time.sleep(0.3)
            b.save_screenshot(os.path.join(SHOTS, shot))
            b.set_window_size(1100, 1300)
        b.close()
        b.switch_to.window(public)

    for m in members:
        if m == "KHM":
            delegation(m, "object", "The text is premature for us.",
                       "delegation-KHM-phone.png")
        else:
            delegation(m, "join")
        b.switch_to.window(public)
        got = wait_text(b, "grid", "object" if m == "KHM" else "join", 5)
        check(cell(b, m) == ("object" if m == "KHM" else "join"),
              "the public page shows %s's stance live (%s)" % (m, cell(b, m)))
    b.switch_to.window(public)
    prov = wait_text(b, "provisional", "Cambodia")
    check("If the round closed now: blocked" in prov and "Cambodia" in prov,
          "the public page shows the live verdict: %s" % prov)
    b.save_screenshot(os.path.join(SHOTS, "public-round1-open.png"))
    b.switch_to.window(chair)
    ans = wait_text(b, "answered", "11 of 11")
    check(ans.startswith("11 of 11 have answered"),
          "the Chair sees who answered: %s" % ans)
    check(not b.find_element(By.ID, "amend").is_enabled(),
          "no amendment while stances are given")
    b.find_element(By.ID, "close").click()
    wait_text(b, "verdicts", "Round 1")
    check("Round 1: blocked. Blocked by Cambodia (object)." in
          text_of(b, "verdicts"), "round 1 blocked by Cambodia")
    check("The text is premature for us." in text_of(b, "verdicts"),
          "Cambodia's reason with the verdict")
    WebDriverWait(b, 10, 0.05).until(
        lambda d: d.find_element(By.ID, "amend").is_enabled())
    b.find_element(By.ID, "amend-text").send_keys(
        "ASEAN welcomes Timor-Leste's first year and will review its "
        "integration work plan at the next meeting.")
    b.find_element(By.ID, "amend").click()
    check("will review" in wait_text(b, "text", "will review"),
          "the Chair's page shows the amended text")
    b.save_screenshot(os.path.join(SHOTS, "chair-amended.png"))
    b.switch_to.window(public)
    check("will review" in wait_text(b, "text", "will review"),
          "the public page shows the amended text live")
    for m in members:
        delegation(m, "support" if m == "IDN" else "join")
    b.switch_to.window(chair)
    wait_text(b, "answered", "11 of 11")
    b.find_element(By.ID, "close").click()
    out = wait_text(b, "outcome", "adopted")
    check(out.startswith("Outcome: adopted."), "P1 adopted: %s" % out)
    b.switch_to.window(public)
    out = wait_text(b, "outcome", "adopted")
    check(out.startswith("Outcome: adopted."),
          "the public page shows the outcome live: %s" % out)
    WebDriverWait(b, 10, 0.05).until(
        lambda d: d.find_element(By.ID, "picture").is_displayed())
    check(b.execute_script(
        "var i = document.getElementById('picture');"
        "return i.complete && i.naturalWidth > 0;"),
        "the public page shows the stance grid's SVG")
    b.save_screenshot(os.path.join(SHOTS, "public-adopted.png"))
    check("P1" in text_of(b, "decided"),
          "P1 among the decided as soon as it is decided")
    b.switch_to.window(chair)
    b.find_element(By.ID, "next").click()
    check("P2" in wait_text(b, "proposal-head", "P2"), "the Chair moves to P2")
    b.switch_to.window(public)
    check("P2" in wait_text(b, "proposal-head", "P2"),
          "the public page follows to P2")
    check("P1" in text_of(b, "decided"), "P1 among the decided")
    errs = [e for e in b.get_log("browser")
            if e.get("level") == "SEVERE"] if hasattr(b, "get_log") else []
    check(errs == [], "no error in the browser's console: %s" % errs)
    b.quit()
    b = None
    check(s.stop() == 0, "the server stops on SIGTERM")
    exe, env = driver()
    r = subprocess.run([exe, "show", j], capture_output=True, text=True,
                       env=env)
    check(r.returncode == 0, "show reads the journal")
    check("P1  Joint statement welcoming Timor-Leste" in r.stdout and
          "round 1 (version 0): blocked by KHM" in r.stdout and
          "round 2 (version 1): adopted" in r.stdout and
          'KHM (object): "The text is premature for us."' in r.stdout,
          "the journal holds the meeting's record:\n" + r.stdout)
    check("event records passed over" in r.stderr,
          "and the events: %s" % r.stderr.strip())
finally:
    if b is not None:
        b.quit()
    if s is not None:
        s.stop()
    shutil.rmtree(tmp)

print("%d passed, %d failed in %.0f s; screenshots in %s"
      % (passes[0], len(fails), time.time() - t0, SHOTS))
sys.exit(1 if fails else 0)
