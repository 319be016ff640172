#!/usr/bin/env bash
# Scores the YOLOX chain on six views of PETS09-S2L1 made from the one clip, to tell a change
# that helps footage in general from one that fits this clip: as it is (detection interval 1
# and 3), at half size in a frame of the same size (people 19-55 px), every other frame (3.5
# fps), H.264 at 300 kbit/s, and 640x360 at interval 3 (as cameras run). Prints one line per
# view and the means (the views are encoded single-threaded, so every run scores the same).
# Needs a built `cctv` (build/apps/cctv), ffmpeg, opencv-doc and ../shared.
# Usage: scripts/eval_views.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
cctv="${1:-build}/apps/cctv"
video=/usr/share/doc/opencv-doc/examples/data/vtest.avi
gt=../shared/data/pets09-s2l1/gt.txt
model=../shared/models/yolox_nano/yolox_nano.onnx
zones=tests/data/pets09-zones.yaml
for f in "$cctv" "$video" "$gt" "$model"; do
  [[ -e "$f" ]] || { echo "eval_views: $f is absent" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_views() {
  ffmpeg -loglevel error -i "$video" -c:v libx264 -threads 1 -crf 14 -preset fast \
    -vf scale=384:288:flags=area,pad=768:576:192:144:color=0x707070 "$work/half.mkv"
  awk -F, -v OFS=, '{$3=$3/2+192; $4=$4/2+144; $5=$5/2; $6=$6/2; print}' "$gt" >"$work/half-gt.txt"
  ffmpeg -loglevel error -i "$video" -c:v libx264 -threads 1 -crf 14 -preset fast \
    -vf 'select=not(mod(n\,2)),setpts=N/3.5/TB' "$work/halffps.mkv"
  awk -F, -v OFS=, '$1 % 2 == 1 {$1=($1+1)/2; print}' "$gt" >"$work/halffps-gt.txt"
  ffmpeg -loglevel error -i "$video" -c:v libx264 -threads 1 -preset fast -b:v 300k -maxrate 300k \
    -bufsize 600k -g 24 "$work/lowq.mkv"
  ffmpeg -loglevel error -i "$video" -c:v libx264 -threads 1 -preset fast -b:v 512k -g 12 \
    -vf scale=640:360 "$work/sub.mkv"
  awk -F, -v OFS=, '{$3=$3*640/768; $4=$4*360/576; $5=$5*640/768; $6=$6*360/576; print}' \
    "$gt" >"$work/sub-gt.txt"
  sed 's/width: 768, height: 576/width: 640, height: 360/' "$zones" >"$work/sub-zones.yaml"
}

# name video ground-truth fps zones interval: one line of figures into $work/name.out
score() {
  "$cctv" eval --video "$2" --gt "$3" --fps "$4" --zones "$5" --detector yolox \
    --model "$model" --interval "$6" --json 2>/dev/null |
    python3 -c "
import json, sys
d = json.load(sys.stdin); t = d['tracking']; l = d['loitering']; c = d['crowding']
print('%-12s MOTA %.4f IDF1 %.4f FP %4d FN %4d IDSW %3d loitering %d of %d crowding %d of %d %5.1f ms'
      % ('$1', t['mota'], t['idf1'], t['false_positives'], t['false_negatives'],
         t['id_switches'], l['matched'], l['predicted'], c['matched'], c['predicted'],
         d['ms_per_frame']))" >"$work/$1.out"
}

make_views
# Two at a time: one per core.
score pets-i1 "$video" "$gt" 7 "$zones" 1 &
score pets-i3 "$video" "$gt" 7 "$zones" 3 &
wait
score half-size "$work/half.mkv" "$work/half-gt.txt" 7 tests/data/pets09-half-zones.yaml 1 &
score 3.5-fps "$work/halffps.mkv" "$work/halffps-gt.txt" 3.5 "$zones" 1 &
wait
score 300-kbit "$work/lowq.mkv" "$gt" 7 "$zones" 1 &
score 640x360-i3 "$work/sub.mkv" "$work/sub-gt.txt" 7 "$work/sub-zones.yaml" 3 &
wait
cat "$work"/{pets-i1,pets-i3,half-size,3.5-fps,300-kbit,640x360-i3}.out | tee "$work/all"
awk '{m += $3; i += $5; n++} END {printf "mean of %d views: MOTA %.4f IDF1 %.4f\n", n, m / n, i / n}' \
  "$work/all"
