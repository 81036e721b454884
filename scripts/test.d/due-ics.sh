#!/usr/bin/env bash
# `dossier due --format ics` is read by a third-party parser (Python's
# icalendar, from PyPI into a cached virtualenv): one VEVENT per upcoming
# event of `--format json`, each all-day on the event's date, and one per
# dossier with overdue items on today's date; none in the past, none with
# an alarm before today, each with an ORGANIZER, a DESCRIPTION naming the
# pack, our PRODID and a UID that does not change between runs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
bash scripts/ensure-apt.sh python3-venv
VENV=${DOSSIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier-toolkit}/icalendar-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import icalendar' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check icalendar
fi
DOSSIER_BIN=${DOSSIER_BIN:-$ROOT/target/debug/dossier}
[ -x "$DOSSIER_BIN" ] || cargo build -q -p dossier-cli
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
DIR=crates/cli/tests/fixtures/due
args=(due --config "$DIR/dossier.toml" --today 2026-11-24 --within all "$DIR" crates/cli/tests/fixtures/programme)
"$DOSSIER_BIN" "${args[@]}" --format ics > "$work/due.ics"
"$DOSSIER_BIN" "${args[@]}" --format ics > "$work/again.ics"
"$DOSSIER_BIN" "${args[@]}" --format json > "$work/due.json"
cmp -s "$work/due.ics" "$work/again.ics" || { echo "FAIL: the calendar changes between runs"; exit 1; }
"$VENV/bin/python" - "$work/due.ics" "$work/due.json" <<'PY'
import datetime, json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
doc = json.load(open(sys.argv[2]))
today = datetime.date.fromisoformat(doc["today"])
want = doc["events"]
assert str(cal["PRODID"]).startswith("-//dossier-toolkit//dossier due "), cal["PRODID"]
events = list(cal.walk("VEVENT"))
upcoming = [w for w in want if w["days"] >= 0]
overdue_files = {w["file"] for w in want if w["days"] < 0}
overdue = [e for e in events if str(e["SUMMARY"]).startswith("OVERDUE:")]
assert len(overdue) == len(overdue_files) > 0, (len(overdue), overdue_files)
assert len(events) == len(upcoming) + len(overdue), (len(events), len(upcoming), len(overdue))
uids = set()
for ev in events:
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    assert type(start) is datetime.date, start
    assert start >= today, f"an event in the past: {ev['SUMMARY']} on {start}"
    assert end - start == datetime.timedelta(days=1), (start, end)
    organizer = str(ev["ORGANIZER"])
    assert organizer.startswith("mailto:"), organizer
    assert "Procurement pack:" in str(ev["DESCRIPTION"]), ev["DESCRIPTION"]
    for alarm in ev.walk("VALARM"):
        # No alarm fires before the calendar was made.
        assert start + alarm.decoded("TRIGGER") >= today, (start, alarm.decoded("TRIGGER"))
    uids.add(str(ev["UID"]))
for ev in overdue:
    assert ev.decoded("DTSTART") == today
    assert "overdue" in str(ev["SUMMARY"]), ev["SUMMARY"]
dates = sorted(ev.decoded("DTSTART").isoformat() for ev in events if ev not in overdue)
assert dates == sorted(w["date"] for w in upcoming), (dates, upcoming)
assert len(uids) == len(events), "UIDs are unique"
print(f"due-ics: {len(events)} events ({len(overdue)} overdue) parsed by icalendar {icalendar.__version__}")
PY
echo "due ics test passed"
