package report

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"text/tabwriter"
)

// columns are the CSV columns, in the JSON Lines field names.
var columns = []struct {
	name string
	get  func(r *Row) string
}{
	{"point", func(r *Row) string { return r.Point }},
	{"rows", func(r *Row) string { return strconv.Itoa(r.Rows) }},
	{"cols", func(r *Row) string { return strconv.Itoa(r.Cols) }},
	{"in_width", func(r *Row) string { return strconv.Itoa(r.InWidth) }},
	{"acc_width", func(r *Row) string { return strconv.Itoa(r.AccWidth) }},
	{"signed", func(r *Row) string { return strconv.FormatBool(r.Signed) }},
	{"dataflow", func(r *Row) string { return r.Dataflow }},
	{"format", func(r *Row) string { return r.Format }},
	{"acc_rows", func(r *Row) string { return strconv.Itoa(r.AccRows) }},
	{"bias", func(r *Row) string { return strconv.FormatBool(r.Bias) }},
	{"relu", func(r *Row) string { return strconv.FormatBool(r.ReLU) }},
	{"out_format", func(r *Row) string { return r.OutFormat }},
	{"out_width", func(r *Row) string { return strconv.Itoa(r.OutWidth) }},
	{"workload", func(r *Row) string { return r.Workload }},
	{"m", func(r *Row) string { return strconv.Itoa(r.M) }},
	{"k", func(r *Row) string { return strconv.Itoa(r.K) }},
	{"n", func(r *Row) string { return strconv.Itoa(r.N) }},
	{"status", func(r *Row) string { return r.Status }},
	{"error", func(r *Row) string { return r.Error }},
	{"macs", func(r *Row) string { return strconv.FormatInt(r.MACs, 10) }},
	{"tiles", func(r *Row) string { return strconv.Itoa(r.Tiles) }},
	{"cycles", func(r *Row) string { return strconv.Itoa(r.Cycles) }},
	{"macs_per_cycle", func(r *Row) string { return ftoa(r.MACsPerCycle) }},
	{"utilization", func(r *Row) string { return ftoa(r.Utilization) }},
	{"mapping_efficiency", func(r *Row) string { return ftoa(r.MappingEfficiency) }},
	{"verified_elements", func(r *Row) string { return strconv.FormatInt(r.Verified, 10) }},
	{"formula_cycles", func(r *Row) string { return strconv.Itoa(r.FormulaCycles) }},
	{"formula_diff", func(r *Row) string { return strconv.Itoa(r.FormulaDiff) }},
	{"formula_tol", func(r *Row) string { return strconv.Itoa(r.FormulaTol) }},
	{"scalesim_cycles", func(r *Row) string { return strconv.Itoa(r.ScaleSimCycles) }},
	{"scalesim_diff", func(r *Row) string { return strconv.Itoa(r.ScaleSimDiff) }},
	{"scalesim_is_cycles", func(r *Row) string { return strconv.Itoa(r.ScaleSimISCycles) }},
	{"edges", func(r *Row) string { return strconv.FormatInt(r.Edges, 10) }},
	{"hw_macs", func(r *Row) string { return strconv.FormatInt(r.Activity.MACs, 10) }},
	{"reg_bits", func(r *Row) string { return strconv.FormatInt(r.RegBits, 10) }},
	{"mem_reads", func(r *Row) string { return strconv.FormatInt(r.MemReads, 10) }},
	{"mem_writes", func(r *Row) string { return strconv.FormatInt(r.MemWrites, 10) }},
	{"acc_reads", func(r *Row) string { return strconv.FormatInt(r.AccReads, 10) }},
	{"acc_writes", func(r *Row) string { return strconv.FormatInt(r.AccWrites, 10) }},
	{"a_sram_read_bytes", func(r *Row) string { return strconv.FormatInt(r.ASRAMRead, 10) }},
	{"b_sram_read_bytes", func(r *Row) string { return strconv.FormatInt(r.BSRAMRead, 10) }},
	{"c_sram_write_bytes", func(r *Row) string { return strconv.FormatInt(r.CSRAMWrite, 10) }},
	{"c_sram_read_bytes", func(r *Row) string { return strconv.FormatInt(r.CSRAMRead, 10) }},
	{"a_dram_read_bytes", func(r *Row) string { return strconv.FormatInt(r.ADRAMRead, 10) }},
	{"b_dram_read_bytes", func(r *Row) string { return strconv.FormatInt(r.BDRAMRead, 10) }},
	{"c_dram_write_bytes", func(r *Row) string { return strconv.FormatInt(r.CDRAMWrite, 10) }},
	{"c_dram_read_bytes", func(r *Row) string { return strconv.FormatInt(r.CDRAMRead, 10) }},
	{"sram_bytes_per_cycle", func(r *Row) string { return ftoa(r.SRAMBytesPerCycle) }},
	{"sram_peak_bytes_per_cycle", func(r *Row) string { return ftoa(r.SRAMPeakPerCycle) }},
	{"dram_bytes_per_cycle", func(r *Row) string { return ftoa(r.DRAMBytesPerCycle) }},
	{"energy_mac_pj", func(r *Row) string { return ftoa(r.MACEnergy) }},
	{"energy_reg_pj", func(r *Row) string { return ftoa(r.RegEnergy) }},
	{"energy_mem_pj", func(r *Row) string { return ftoa(r.MemEnergy) }},
	{"energy_acc_pj", func(r *Row) string { return ftoa(r.AccEnergy) }},
	{"energy_sram_pj", func(r *Row) string { return ftoa(r.SRAMEnergy) }},
	{"energy_dram_pj", func(r *Row) string { return ftoa(r.DRAMEnergy) }},
	{"energy_pj", func(r *Row) string { return ftoa(r.EnergyPJ) }},
	{"energy_per_mac_pj", func(r *Row) string { return ftoa(r.EnergyPerMAC) }},
	{"netlist_levels", func(r *Row) string { return strconv.Itoa(r.NetlistLevels) }},
	{"lint", func(r *Row) string { return r.Lint }},
	{"synth", func(r *Row) string { return r.Synth }},
	{"cells", func(r *Row) string { return strconv.Itoa(r.Cells) }},
	{"flip_flops", func(r *Row) string { return strconv.Itoa(r.FlipFlops) }},
	{"memory_bits", func(r *Row) string { return strconv.FormatInt(r.MemoryBits, 10) }},
	{"ltp_depth", func(r *Row) string { return strconv.Itoa(r.LTPDepth) }},
	{"seconds", func(r *Row) string { return ftoa(r.Seconds) }},
	{"spec", func(r *Row) string { return r.Spec }},
	{"seed", func(r *Row) string { return strconv.FormatUint(r.Seed, 10) }},
	{"shard", func(r *Row) string { return strconv.Itoa(r.Shard) }},
	{"shards", func(r *Row) string { return strconv.Itoa(r.Shards) }},
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', 6, 64) }

// SortRows puts rows in a canonical order: by parameters, then workload.
func SortRows(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Dataflow, b.Dataflow), cmp.Compare(a.Rows, b.Rows), cmp.Compare(a.Cols, b.Cols),
			cmp.Compare(a.InWidth, b.InWidth), cmp.Compare(a.AccWidth, b.AccWidth), cmp.Compare(a.Point, b.Point),
			cmp.Compare(a.Workload, b.Workload))
	})
}

// Writer appends rows to a CSV file and a JSON Lines file as they come,
// flushing each, so an interrupted sweep keeps every finished row.
type Writer struct {
	csvFile, jsonFile *os.File
	csv               *csv.Writer
}

// Create starts the CSV and JSON Lines files, writing rows (such as the
// finished rows a resumed sweep keeps) first; see Output.Create, which
// also locks them.
func Create(csvPath, jsonlPath string, rows []Row) (*Writer, error) {
	return create(csvPath, jsonlPath, rows, false)
}

// create writes the header and rows of both files to temporary files,
// renames them into place (so the old files stay whole until the new ones
// are) and opens them for appending. It refuses to replace a file the
// sweep did not write unless force.
func create(csvPath, jsonlPath string, rows []Row, force bool) (*Writer, error) {
	if err := checkTargets(force, csvPath, jsonlPath); err != nil {
		return nil, err
	}
	tc, err := os.CreateTemp(filepath.Dir(csvPath), "."+filepath.Base(csvPath)+".tmp*")
	if err != nil {
		return nil, err
	}
	tj, err := os.CreateTemp(filepath.Dir(jsonlPath), "."+filepath.Base(jsonlPath)+".tmp*")
	if err != nil {
		tc.Close()
		os.Remove(tc.Name())
		return nil, err
	}
	w := &Writer{csvFile: tc, jsonFile: tj, csv: csv.NewWriter(tc)}
	fail := func(err error) (*Writer, error) {
		w.Close()
		os.Remove(tc.Name())
		os.Remove(tj.Name())
		return nil, err
	}
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.name
	}
	if err := w.csv.Write(header); err != nil {
		return fail(err)
	}
	if err := w.Write(rows...); err != nil {
		return fail(err)
	}
	for _, f := range []*os.File{tc, tj} {
		if err := f.Chmod(0o644); err != nil {
			return fail(err)
		}
	}
	if err := os.Rename(tc.Name(), csvPath); err != nil {
		return fail(err)
	}
	if err := os.Rename(tj.Name(), jsonlPath); err != nil {
		return fail(err)
	}
	return w, nil
}

// Write appends rows to both files.
func (w *Writer) Write(rows ...Row) error {
	for i := range rows {
		rec := make([]string, len(columns))
		for j, c := range columns {
			rec[j] = c.get(&rows[i])
		}
		if err := w.csv.Write(rec); err != nil {
			return err
		}
		b, err := json.Marshal(rows[i])
		if err != nil {
			return err
		}
		if _, err := w.jsonFile.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	w.csv.Flush()
	return w.csv.Error()
}

// Close closes both files.
func (w *Writer) Close() error {
	w.csv.Flush()
	return cmpErr(w.csv.Error(), w.csvFile.Close(), w.jsonFile.Close())
}

func cmpErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// WriteFiles writes rows as a fresh CSV and JSON Lines pair.
func WriteFiles(csvPath, jsonlPath string, rows []Row) error {
	w, err := Create(csvPath, jsonlPath, rows)
	if err != nil {
		return err
	}
	return w.Close()
}

// ReadJSONL reads the rows of a JSON Lines file. A truncated last line
// (a run killed mid-write) is ignored.
func ReadJSONL(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []Row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	var bad error
	for sc.Scan() {
		line++
		if bad != nil {
			return nil, bad // a bad line that was not the last
		}
		var r Row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			bad = fmt.Errorf("%s:%d: %w", path, line, err)
			continue
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

// Failed counts the error rows.
func Failed(rows []Row) int {
	n := 0
	for _, r := range rows {
		if r.Status != "ok" {
			n++
		}
	}
	return n
}

// Summary writes a table of the rows for people.
func Summary(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "point\tworkload\tMxKxN\tcycles\tformula\tdiff\tscalesim\tMACs/cyc\tutil\tmap eff\tpJ/MAC\tcells\tFFs\tmem bits\tdepth\tstatus\t\n")
	for _, r := range rows {
		status := r.Status
		if r.Error != "" {
			status = "error: " + r.Error
			if len(status) > 60 {
				status = status[:57] + "..."
			}
		}
		cells, ffs, mem, depth := "-", "-", "-", "-"
		if r.Synth == "ok" {
			cells, ffs, depth = strconv.Itoa(r.Cells), strconv.Itoa(r.FlipFlops), strconv.Itoa(r.LTPDepth)
			mem = strconv.FormatInt(r.MemoryBits, 10)
		}
		fmt.Fprintf(tw, "%s\t%s\t%dx%dx%d\t%d\t%d\t%+d\t%d\t%.1f\t%.1f%%\t%.1f%%\t%.2f\t%s\t%s\t%s\t%s\t%s\t\n",
			r.Point, r.Workload, r.M, r.K, r.N, r.Cycles, r.FormulaCycles, r.FormulaDiff, r.ScaleSimCycles,
			r.MACsPerCycle, 100*r.Utilization, 100*r.MappingEfficiency, r.EnergyPerMAC, cells, ffs, mem, depth, status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d rows, %d failed\n", len(rows), Failed(rows))
	return err
}
