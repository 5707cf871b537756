#!/usr/bin/env python3
"""Run SCALE-Sim v2 on GEMMs and print one CSV line per (array, dataflow, GEMM).

Usage: run_scalesim.py SCALESIM_DIR OUT_DIR R C DF NAME:M:K:N [...]

With SCALESIM_VERSION=3 in the environment it writes the config sections
SCALE-Sim v3 reads (request buffers, layout and sparsity, all off).

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
ReadRequestBuffer: 32
WriteRequestBuffer: 32

[run_presets]
InterfaceBandwidth: CALC
""")
    if os.environ.get("SCALESIM_VERSION") == "3":
        f.write("""UseRamulatorTrace: False

[layout]
IfmapCustomLayout: False
IfmapSRAMBankBandwidth: 10
IfmapSRAMBankNum: 10
IfmapSRAMBankPort: 2
FilterCustomLayout: False
FilterSRAMBankBandwidth: 10
FilterSRAMBankNum: 10
FilterSRAMBankPort: 2

[sparsity]
SparsitySupport : false
SparseRep : ellpack_block
OptimizedMapping : false
BlockSize : 8
RandomNumberGeneratorSeed : 40
""")
topo = os.path.join(out, run + "_mnk.csv")
with open(topo, "w") as f:
    f.write("Layer name, M, N, K,\n")
    for name, m, k, n in gemms:
        f.write(f"{name}, {m}, {n}, {k},\n")
kw = {}
if os.environ.get("SCALESIM_VERSION") == "3":
    # v3 reads a layout file even with custom layouts off: its own
    # layouts/conv_nets/test.csv row, for every layer (unused).
    kw["layout"] = os.path.join(out, run + "_layout.csv")
    with open(kw["layout"], "w") as f:
        f.write("Layer name, IFMAP Height Intraline Factor, IFMAP Width Intraline Factor, Filter Height Intraline Factor, "
                "Filter Width Intraline Factor, Channel Intraline Factor, Num Filter Intraline Factor, IFMAP Height Intraline Order, "
                "IFMAP Width Intraline Order, Channel Intraline Order, IFMAP Height Interline Order, IFMAP Width Interline Order, "
                "Channel Interline Order, Num Filter Intraline Order, Channel Intraline Order, Filter Height Intraline Order, "
                "Filter Width Intraline Order, Num Filter Interline Order, Channel Interline Order, Filter Height Interline Order, "
                "Filter Width Interline Order,\n")
        for name, *_ in gemms:
            f.write(f"{name}, 2, 2, 1, 1, 16, 4, 0, 1, 2, 4, 5, 3, 3, 2, 1, 0, 4, 5, 6, 7,\n")
s = scalesim(save_disk_space=True, verbose=False, config=cfg, topology=topo, input_type_gemm=True, **kw)
s.run_scale(top_path=out)
rep = os.path.join(out, run)
def report(name):
    rows = [[x.strip() for x in r] for r in csv.reader(open(os.path.join(rep, name)))]
    return [dict(zip(rows[0], r)) for r in rows[1:]]
# COMPUTE_REPORT: Total Cycles, Stall Cycles, ... (v3 adds "Total Cycles (incl. prefetch)")
# DETAILED_ACCESS_REPORT: per SRAM and DRAM of ifmap, filter, ofmap: start, stop, reads|writes
for (name, m, k, n), c, d in zip(gemms, report("COMPUTE_REPORT.csv"), report("DETAILED_ACCESS_REPORT.csv")):
    print(",".join([name, m, k, n, str(R), str(C), df, c["Total Cycles"], c["Stall Cycles"],
                    d["SRAM IFMAP Reads"], d["SRAM Filter Reads"], d["SRAM OFMAP Writes"],
                    d["DRAM IFMAP Reads"], d["DRAM Filter Reads"], d["DRAM OFMAP Writes"]]), flush=True)
