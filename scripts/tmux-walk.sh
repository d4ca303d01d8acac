#!/usr/bin/env bash
# Walk a whole consultation in a real terminal (tmux, 100x30) by keys, export, and end it.
#   scripts/tmux-walk.sh FILTER OUTDIR      e.g. scripts/tmux-walk.sh knee /tmp/walk-knee
# Captures of the options, weigh-up, decide and summary screens go beside OUTDIR; prints
# the exported files and any file left in the temporary HOME (there should be none).
# Needs `make run` to have built .venv once. Key timings assume an otherwise idle machine.
set -euo pipefail
FILTER=$1
OUT=$(realpath -m "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=$(mktemp -d)
T="tmux -L sdm-walk"
mkdir -p "$OUT"
$T kill-server 2>/dev/null || true
$T new -d -s w -x 100 -y 30 "cd $ROOT && HOME=$H .venv/bin/sdm-tui run --export-dir $OUT; sleep 900"
sleep 5
k() { for key in "$@"; do $T send-keys -t w "$key"; sleep 0.4; done; }
t() { $T send-keys -t w -l "$1"; sleep 0.3; }
shot() { $T capture-pane -p -t w > "$OUT.$1.txt"; }
t "$FILTER"; k Enter; sleep 3
k Tab; t "Mr P"; k Tab; t "Nurse Ade"; k Tab; t "Practice nurse"; k Tab Tab Tab Tab Down Enter
k C-n; sleep 3; k o; sleep 1; shot options
k C-n; sleep 3; k 4 Tab 1 Tab 3 Tab 2 Tab 0 Tab; t "Being able to walk my dog"
k C-n; sleep 3; k Tab Down Enter Tab; t "I would be comfortable with either."
k Tab Enter Tab Enter Tab Enter Tab y Tab y Tab y Tab y; sleep 1; shot weigh
k C-n; sleep 3; k Tab Down Enter Tab Tab; t "Follow-up appointment"; k Tab Tab; t "in 2 weeks"; k Enter
sleep 1; k Tab Tab Tab Tab; t "In 3 months"; k Tab; t "Walking further with less pain"
k Tab Enter Tab Enter; sleep 1; shot decide
k C-n; sleep 3; k C-s; sleep 2; shot summary
k F10; sleep 2; shot end
echo "exported:"; ls "$OUT"
echo "left in HOME:"; find "$H" -type f
$T kill-server
