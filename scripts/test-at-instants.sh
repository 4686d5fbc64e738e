#!/usr/bin/env bash
# Runs the test suite with the process clock and time zone set to awkward instants, to prove that no
# test depends on the real date, time of day or time zone (see README, "Tests at other instants").
#
#   scripts/test-at-instants.sh                      all instants, unit + API + browser tests
#   scripts/test-at-instants.sh --api-only           all instants, without test/e2e (no Chromium)
#   scripts/test-at-instants.sh --only christmas     one instant (repeatable; names below)
#   scripts/test-at-instants.sh --list               print the instants and exit
#   scripts/test-at-instants.sh -- test/api/booking.test.ts   pass the rest to vitest (file filters …)
#
# The clock is faked with libfaketime (Debian package "faketime") as an offset from the real clock,
# so vitest's worker processes, which start at different moments, all agree on one advancing time.
# Monotonic clocks stay real (FAKETIME_DONT_FAKE_MONOTONIC=1): Node's timers run on them and break
# otherwise. Only processes under this script are faked: the real PostgreSQL server and Redis keep
# the real clock, which is exactly the skew a test must survive (PGlite runs inside Node and is faked).
set -uo pipefail

cd "$(dirname "$0")/.."

# name | instant (UTC) | TZ of the test process | why
INSTANTS=(
  'friday-night|2027-03-26T22:30:00Z|Europe/Berlin|Friday 23:30 in Berlin, the weekend begins within the hour'
  'spring-dst|2027-03-28T00:59:00Z|Europe/Berlin|01:59 in Berlin, one minute before the clocks jump to 03:00'
  'autumn-dst-1st|2026-10-25T00:30:00Z|Europe/Berlin|02:30 CEST in Berlin, the first pass of the repeated hour'
  'autumn-dst-2nd|2026-10-25T01:30:00Z|America/New_York|02:30 CET in Berlin, the second pass of the repeated hour'
  'christmas|2026-12-24T09:00:00Z|Pacific/Auckland|24 December, 10:00 in Berlin (already 22:00 in Auckland)'
  'new-year|2026-12-31T22:59:00Z|Europe/Berlin|31 December 23:59 in Berlin, a new year within a minute'
  'monday-before-holiday|2027-01-04T06:00:00Z|America/New_York|Monday 07:00 in Berlin; Wednesday 6 January (Epiphany) is a holiday in Bavaria only'
  'whit-monday|2027-05-24T05:00:00Z|Pacific/Auckland|Monday 07:00 in Berlin, Whit Monday; Thursday 27 May (Corpus Christi) is a holiday in Bavaria only'
  'real-clock-auckland|real|Pacific/Auckland|the real clock, in a time zone far from Berlin'
  'real-clock-new-york|real|America/New_York|the real clock, west of UTC'
)

api_only=false
only=()
vitest_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --api-only) api_only=true ;;
    --only)
      shift
      only+=("${1:?--only needs an instant name (see --list)}")
      ;;
    --list)
      for entry in "${INSTANTS[@]}"; do
        IFS='|' read -r name at tz why <<<"$entry"
        printf '%-22s %-21s %-17s %s\n' "$name" "$at" "$tz" "$why"
      done
      exit 0
      ;;
    -h | --help)
      sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    --)
      shift
      vitest_args+=("$@")
      break
      ;;
    *) vitest_args+=("$1") ;;
  esac
  shift
done

if ! command -v faketime >/dev/null; then
  echo 'faketime (libfaketime) is missing. Install it with: sudo apt-get install faketime' >&2
  echo '(other systems: https://github.com/wolfcw/libfaketime, or the package "libfaketime")' >&2
  exit 2
fi

if $api_only; then vitest_args+=(--exclude 'test/e2e/**'); fi

# Browser tests need the web build; build once here, with the real clock, rather than in every run.
if ! $api_only && [[ ! -f dist/web/index.html ]]; then npx vite build >/dev/null || exit 1; fi

# Plain logs, to be read and grepped.
export NO_COLOR=1
log_dir="$(mktemp -d "${TMPDIR:-/tmp}/amtsraum-instants-XXXXXX")"
summary=()
failures=0
for entry in "${INSTANTS[@]}"; do
  IFS='|' read -r name at tz why <<<"$entry"
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  log="$log_dir/$name.log"
  echo "=== $name: $at, TZ=$tz ($why)"
  if [[ "$at" == real ]]; then
    TZ="$tz" npx vitest run "${vitest_args[@]}" >"$log" 2>&1
  else
    # An offset from the real clock ("+Ns"/"-Ns"), computed just before the run starts.
    offset=$(($(date -u -d "$at" +%s) - $(date -u +%s)))
    ((offset >= 0)) && offset="+$offset"
    TZ="$tz" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$offset" npx vitest run "${vitest_args[@]}" >"$log" 2>&1
  fi
  status=$?
  # The closing line of test/support/closing-line-reporter.ts: "N passed, N failed, N skipped".
  counts="$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1)"
  verdict=passed
  if [[ $status -ne 0 ]]; then
    verdict=FAILED
    failures=$((failures + 1))
    grep -E '^ FAIL ' "$log" | sort -u | head -n 30
  fi
  line="$(printf '%-22s %-21s %-17s %-7s %s' "$name" "$at" "$tz" "$verdict" "${counts:-no closing line (exit $status)}")"
  echo "$line"
  summary+=("$line")
done

echo
echo "Summary (logs in $log_dir):"
printf '%-22s %-21s %-17s %-7s %s\n' instant 'clock (UTC)' TZ result tests
printf '%s\n' "${summary[@]}"
[[ $failures -eq 0 ]]
