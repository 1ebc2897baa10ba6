#!/usr/bin/env bash
# Measures noticegen's export side by side with the yardsticks of
# ../shared/bench (the floor, and the Python peer when its Debian packages
# are installed), as README.md's Performance section reports it: the three
# in turn, ROUNDS times, medians of user+sys CPU, wall time and peak RSS,
# output on tmpfs. Then, for noticegen alone: peak RSS by number of
# records, the unchanged and one-changed re-export, one core against two,
# and check.
#
#   scripts/bench.sh [ROUNDS]        (from the repository root; default 5)
#
# Needs ../shared/bench (the floor's sources and generator), GNU time
# (/usr/bin/time), taskset, and for the peer python3-yaml, python3-jinja2
# and python3-mistune. It takes about 10 minutes at 5 rounds on 2 cores.
set -euo pipefail

ROUNDS=${1:-5}
BENCH=${BENCH:-../shared/bench}
[ -d "$BENCH/limit" ] || { echo "bench.sh: $BENCH/limit not found (set BENCH)" >&2; exit 2; }
W=$(mktemp -d)
S=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$W" "$S"' EXIT
log=$W/times

echo "building and generating inputs in $W" >&2
(cd "$BENCH/limit" && go build -o "$W/limit" .)
go build -o "$W/noticegen" ./cmd/noticegen
python3 "$BENCH/gen_advisories.py" "$W/lim-in" 10000 42 >/dev/null
for n in 1000 10000 50000; do go run ./cmd/gen-records -n $n -o "$W/ng-$n" >/dev/null; done
peer=
if /usr/bin/python3 -c 'import yaml, jinja2, mistune' 2>/dev/null; then peer=1; fi

# t NAME CMD...: runs CMD (its output discarded) and logs "NAME cpu wall rss".
t() {
	local name=$1
	shift
	if ! /usr/bin/time -f "$name %U %S %e %M" -o "$W/one" "$@" >/dev/null 2>"$W/stderr"; then
		echo "bench.sh: $name failed: $*" >&2
		cat "$W/stderr" >&2
		exit 1
	fi
	awk '{printf "%s %.2f %.2f %d\n", $1, $2 + $3, $4, $5}' "$W/one" | tee -a "$log"
}
# ng NAME ARGS...: noticegen export ARGS... in every format but JSON.
ng() {
	local name=$1
	shift
	t "$name" "$W/noticegen" export "$@" --format txt,md,html,eml
}

for i in $(seq "$ROUNDS"); do
	rm -rf "${S:?}"/*
	t floor env GOGC=400 "$W/limit" -in "$W/lim-in" -out "$S/lim" -i18n
	rm -rf "${S:?}"/*
	ng noticegen "$W/ng-10000" -o "$S/ng" --force
	if [ -n "$peer" ] && [ $((i % 2)) -eq 1 ]; then
		rm -rf "${S:?}"/*
		t python /usr/bin/python3 "$BENCH/peers/py_render.py" "$W/lim-in" "$S/py" --md mistune
	fi
done
for n in 1000 10000 50000; do
	rm -rf "${S:?}"/*
	ng "rss-$n" "$W/ng-$n" -o "$S/ng" --force
done
rm -rf "${S:?}"/*
ng first-export "$W/ng-10000" -o "$S/re"
sleep 3 # older than the stat cache's racy window
for i in 1 2 3; do ng unchanged "$W/ng-10000" -o "$S/re"; done
recs=("$W"/ng-10000/*.yaml)
f=${recs[0]}
for i in 1 2 3; do
	# The English title (the first "  en:" line): the index pages change too.
	sed -i "0,/^  en: /s/^\(  en: .*\)$/\1 $i/" "$f"
	ng one-changed "$W/ng-10000" -o "$S/re"
done
for i in 1 2 3; do
	rm -rf "${S:?}"/*
	ng cores-2 "$W/ng-10000" -o "$S/ng" --force
	rm -rf "${S:?}"/*
	t cores-1 taskset -c 0 "$W/noticegen" export "$W/ng-10000" -o "$S/ng" --force --format txt,md,html,eml
done
for i in 1 2 3; do t check "$W/noticegen" check "$W/ng-10000"; done

python3 - "$log" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, cpu, wall, rss = line.split()
    rows.setdefault(name, []).append((float(cpu), float(wall), int(rss)))
med = {k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in rows.items()}
print(f"\n{'run':12} {'n':>2} {'CPU s':>7} {'wall s':>7} {'RSS MB':>7}")
for k, (cpu, wall, rss) in med.items():
    print(f"{k:12} {len(rows[k]):2} {cpu:7.2f} {wall:7.2f} {rss / 1000:7.1f}")
ng, fl = med["noticegen"], med["floor"]
print(f"\nnoticegen / floor: CPU {ng[0] / fl[0]:.2f}x, wall {ng[1] / fl[1]:.2f}x")
if "python" in med:
    py = med["python"]
    print(f"python / noticegen: CPU {py[0] / ng[0]:.2f}x, wall {py[1] / ng[1]:.2f}x")
print(f"1 core / 2 cores: {med['cores-1'][1] / med['cores-2'][1]:.2f}x")
print(f"check CPU / export CPU: {med['check'][0] / ng[0]:.2f}x")
rss = [med[f"rss-{n}"][2] for n in (1000, 10000, 50000)]
print(f"peak RSS 1k/10k/50k: {' / '.join(f'{r / 1000:.1f}' for r in rss)} MB, spread {(max(rss) - min(rss)) / min(rss) * 100:.0f} %")
EOF
