#!/usr/bin/env python3
"""Run SCALE-Sim v2 on GEMMs and print one CSV line per (array, dataflow, GEMM).

Usage: run_scalesim.py SCALESIM_DIR OUT_DIR R C DF NAME:M:K:N [...]

GEMMs are given as systole writes them, M x K x N; the topology file handed
to SCALE-Sim orders them M, N, K as its GEMM reader expects. SRAMs are 65536
KiB each (no buffer ever refills within a layer) and the interface bandwidth
is CALC (SCALE-Sim estimates it), so there are no stall cycles.
"""
import csv, os, sys

ssdir, out, R, C, df = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
gemms = [g.split(':') for g in sys.argv[6:]]
sys.path.insert(0, ssdir)
from scalesim.scale_sim import scalesim

run = f"systole_{R}x{C}_{df}"
os.makedirs(out, exist_ok=True)
cfg = os.path.join(out, run + ".cfg")
with open(cfg, "w") as f:
    f.write(f"""[general]
run_name = {run}

[architecture_presets]
ArrayHeight:    {R}
ArrayWidth:     {C}
IfmapSramSzkB:  65536
FilterSramSzkB: 65536
OfmapSramSzkB:  65536
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 10
Dataflow : {df}
MemoryBanks:   1

[run_presets]
InterfaceBandwidth: CALC
""")
topo = os.path.join(out, run + "_mnk.csv")
with open(topo, "w") as f:
    f.write("Layer name, M, N, K,\n")
    for name, m, k, n in gemms:
        f.write(f"{name}, {m}, {n}, {k},\n")
s = scalesim(save_disk_space=True, verbose=False, config=cfg, topology=topo, input_type_gemm=True)
s.run_scale(top_path=out)
rep = os.path.join(out, run)
comp = list(csv.reader(open(os.path.join(rep, "COMPUTE_REPORT.csv"))))[1:]
det = list(csv.reader(open(os.path.join(rep, "DETAILED_ACCESS_REPORT.csv"))))[1:]
for (name, m, k, n), c, d in zip(gemms, comp, det):
    c = [x.strip() for x in c]; d = [x.strip() for x in d]
    # COMPUTE_REPORT: LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %
    # DETAILED_ACCESS_REPORT: LayerID, then per SRAM ifmap/filter/ofmap and DRAM ifmap/filter/ofmap: start, stop, reads|writes
    print(",".join([name, m, k, n, str(R), str(C), df, c[1], c[2], d[3], d[6], d[9], d[12], d[15], d[18]]), flush=True)
