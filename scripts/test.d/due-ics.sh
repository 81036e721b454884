#!/usr/bin/env bash
# `dossier due --format ics` is read by a third-party parser (Python's
# icalendar, from PyPI into a cached virtualenv): one VEVENT per event of
# `--format json`, each all-day on the event's date, with a 14-day alarm
# and a UID that does not change between runs.
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
args=(due --config "$DIR/dossier.toml" --today 2026-11-24 --within 6m "$DIR")
"$DOSSIER_BIN" "${args[@]}" --format ics > "$work/due.ics"
"$DOSSIER_BIN" "${args[@]}" --format ics > "$work/again.ics"
"$DOSSIER_BIN" "${args[@]}" --format json > "$work/due.json"
cmp -s "$work/due.ics" "$work/again.ics" || { echo "FAIL: the calendar changes between runs"; exit 1; }
"$VENV/bin/python" - "$work/due.ics" "$work/due.json" <<'PY'
import datetime, json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
want = json.load(open(sys.argv[2]))["events"]
events = list(cal.walk("VEVENT"))
assert len(events) == len(want) > 0, (len(events), len(want))
uids = set()
for ev, w in zip(events, want):
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    assert type(start) is datetime.date, start
    assert start.isoformat() == w["date"], (start, w)
    assert end - start == datetime.timedelta(days=1), (start, end)
    alarms = list(ev.walk("VALARM"))
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == -datetime.timedelta(days=14)
    uids.add(str(ev["UID"]))
assert len(uids) == len(events), "UIDs are unique"
print(f"due-ics: {len(events)} events parsed by icalendar {icalendar.__version__}")
PY
echo "due ics test passed"
