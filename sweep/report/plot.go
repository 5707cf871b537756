package report

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/systole-hdl/systole/internal/safefile"
)

// PlotFiles are the plots WritePlots makes.
var PlotFiles = []string{"utilization.svg", "pareto.svg", "energy.svg"}

// plotTitles are the plots' titles, by which a plot already in the output
// directory is known as the sweep's own.
var plotTitles = []string{"Utilization against array size", "Area against throughput (Pareto front marked)",
	"Energy against cycles over the workload (Pareto front marked)"}

// pointStat is one point's figures averaged over its ok rows.
type pointStat struct {
	key, dataflow string
	shape         string // RxC, its label in the plots
	pes           int
	area          float64 // Yosys cells, or PEs without synthesis
	util, thru    float64 // mean utilization, mean MACs per cycle
}

// PointStats averages each point's ok rows over the workload; synth says
// whether every point had a Yosys cell count (else area is the PE count).
func pointStats(rows []Row) (stats []pointStat, synth bool) {
	idx := map[string]int{}
	n := map[string]int{}
	synth = true
	for _, r := range rows {
		if r.Status != "ok" {
			continue
		}
		i, ok := idx[r.Point]
		if !ok {
			i = len(stats)
			idx[r.Point] = i
			stats = append(stats, pointStat{key: r.Point, dataflow: r.Dataflow, shape: shape(r),
				pes: r.Rows * r.Cols, area: float64(r.Cells)})
			synth = synth && r.Synth == "ok"
		}
		stats[i].util += r.Utilization
		stats[i].thru += r.MACsPerCycle
		n[r.Point]++
	}
	for i := range stats {
		stats[i].util /= float64(n[stats[i].key])
		stats[i].thru /= float64(n[stats[i].key])
		if !synth {
			stats[i].area = float64(stats[i].pes)
		}
	}
	return stats, synth && len(stats) > 0
}

// WritePlots writes utilization.svg (mean utilization against array size,
// one line per dataflow), pareto.svg (area against throughput, the
// Pareto front marked) and energy.svg (energy against cycles over the
// workload, the Pareto front marked; of the points whose rows are all ok)
// to dir, every point labelled with its shape (RxC), and returns the
// paths written. With no ok row there is nothing to plot:
// it writes nothing (and leaves older plots alone). Each plot is written
// whole or not at all, and never over a file the sweep did not write
// unless force.
func WritePlots(dir string, rows []Row, force bool) ([]string, error) {
	stats, synth := pointStats(rows)
	if len(stats) == 0 {
		return nil, nil
	}
	paths := []string{filepath.Join(dir, PlotFiles[0]), filepath.Join(dir, PlotFiles[1])}
	u, err := utilizationPlot(stats)
	if err != nil {
		return nil, err
	}
	a, err := paretoPlot(stats, synth)
	if err != nil {
		return nil, err
	}
	plots := []*plot.Plot{u, a}
	if es := energyStats(rows); len(es) > 0 {
		e, err := energyPlot(es)
		if err != nil {
			return nil, err
		}
		plots = append(plots, e)
		paths = append(paths, filepath.Join(dir, PlotFiles[2]))
	}
	set := safefile.Set{Force: force, Owned: ownedOutput}
	for i, p := range plots {
		wt, err := p.WriterTo(6*vg.Inch, 4*vg.Inch, "svg")
		if err != nil {
			return nil, fmt.Errorf("sweep: plot: %w", err)
		}
		set.AddFunc(paths[i], func(w io.Writer) error { _, err := wt.WriteTo(w); return err })
	}
	if err := set.Commit(); err != nil {
		return nil, fmt.Errorf("sweep: plot: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return paths, nil
}

func utilizationPlot(stats []pointStat) (*plot.Plot, error) {
	u := plot.New()
	u.Title.Text = plotTitles[0]
	u.X.Label.Text = "PEs (rows × cols)"
	u.Y.Label.Text = "mean utilization over the workload (%)"
	u.Legend.Top = true
	for _, df := range []string{"ws", "os"} {
		byPEs := map[int][]pointStat{}
		for _, s := range stats {
			if s.dataflow == df {
				byPEs[s.pes] = append(byPEs[s.pes], s)
			}
		}
		if len(byPEs) == 0 {
			continue
		}
		pes := slices.Sorted(maps.Keys(byPEs))
		var xy plotter.XYs
		var text []string
		for _, n := range pes {
			sum := 0.0
			var shapes []string
			for _, s := range byPEs[n] {
				sum += s.util
				if !slices.Contains(shapes, s.shape) {
					shapes = append(shapes, s.shape)
				}
			}
			xy = append(xy, plotter.XY{X: float64(n), Y: 100 * sum / float64(len(byPEs[n]))})
			text = append(text, strings.Join(shapes, ", "))
		}
		l, p, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		l.Color, p.Color = dfColor[df], dfColor[df]
		lb, err := labels(xy, text)
		if err != nil {
			return nil, err
		}
		u.Add(l, p, lb)
		u.Legend.Add(df, l, p)
	}
	u.Y.Min, u.Y.Max = 0, 100
	return u, nil
}

func paretoPlot(stats []pointStat, synth bool) (*plot.Plot, error) {
	xLabel := "area: Yosys logic cells (memories apart)"
	if !synth {
		xLabel = "area: PEs (no Yosys cell counts)"
	}
	pts := make([]plotPoint, len(stats))
	for i, s := range stats {
		pts[i] = plotPoint{dataflow: s.dataflow, shape: s.shape, x: s.area, y: s.thru}
	}
	return scatterPlot(plotTitles[1], xLabel, "mean MACs per cycle", pts, true)
}
