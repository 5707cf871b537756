#!/bin/sh
# The SCALE-Sim v2 runs of v2.csv, one run per line of output:
#   SCALESIM=/path/to/scale-sim-v2 OUT=/tmp/ss-out sh runall.sh > v2-lines.csv
# python3 must have numpy, tqdm, absl and pandas (Debian: python3-numpy,
# python3-tqdm, python3-absl, python3-pandas).
SCALESIM=${SCALESIM:?set SCALESIM to a scale-sim-v2 checkout}
run() { python3 "$(dirname "$0")/run_scalesim.py" "$SCALESIM" "${OUT:-out}" "$@"; }
SMALL="test1:128:256:64 odd_a:100:37:50 odd_b:7:300:9 cube64:64:64:64 scores:128:64:128"
for rc in "8 8" "16 16" "4 12" "32 8"; do
  for g in $SMALL cb2a_1:3136:64:64; do run $rc ws $g; done
done
for rc in "8 8" "16 16"; do
  for g in $SMALL cb2a_1:3136:64:64; do run $rc os $g; done
done
for rc in "4 12" "32 8"; do
  for g in $SMALL; do run $rc os $g; done
done
for rc in "8 8" "16 16"; do
  for g in $SMALL; do run $rc is $g; done
done
for df in os ws is; do
  for g in fc6:1:2048:1000 ib5b_2:25:4608:512; do run 16 16 $df $g; done
done
