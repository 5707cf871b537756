package sweep

import (
	"fmt"
	"image/color"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// PlotFiles are the plots WritePlots makes.
var PlotFiles = []string{"utilization.svg", "pareto.svg", "energy.svg"}

// pointStat is one point's figures averaged over its ok rows.
type pointStat struct {
	key, dataflow string
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
			stats = append(stats, pointStat{key: r.Point, dataflow: r.Dataflow, pes: r.Rows * r.Cols, area: float64(r.Cells)})
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

// Pareto returns the indices of the points no other point beats on both
// area (smaller) and throughput (larger), by increasing area.
func pareto(stats []pointStat) []int {
	var front []int
	for i, p := range stats {
		dominated := false
		for j, q := range stats {
			if j != i && q.area <= p.area && q.thru >= p.thru && (q.area < p.area || q.thru > p.thru) {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, i)
		}
	}
	slices.SortFunc(front, func(a, b int) int {
		if stats[a].area != stats[b].area {
			return cmpF(stats[a].area, stats[b].area)
		}
		return cmpF(stats[a].thru, stats[b].thru)
	})
	return front
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var dfColor = map[string]color.Color{
	"ws": color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	"os": color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
}

// WritePlots writes utilization.svg (mean utilization against array size,
// one line per dataflow), pareto.svg (area against throughput, the
// Pareto front marked) and energy.svg (energy against cycles over the
// workload, the Pareto front marked) to dir.
func WritePlots(dir string, rows []Row) error {
	stats, synth := pointStats(rows)

	u := plot.New()
	u.Title.Text = "Utilization against array size"
	u.X.Label.Text = "PEs (rows × cols)"
	u.Y.Label.Text = "mean utilization over the workload (%)"
	u.Legend.Top = true
	for _, df := range []string{"ws", "os"} {
		byPEs := map[int][]float64{}
		for _, s := range stats {
			if s.dataflow == df {
				byPEs[s.pes] = append(byPEs[s.pes], s.util)
			}
		}
		if len(byPEs) == 0 {
			continue
		}
		var xy plotter.XYs
		for pes, us := range byPEs {
			sum := 0.0
			for _, v := range us {
				sum += v
			}
			xy = append(xy, plotter.XY{X: float64(pes), Y: 100 * sum / float64(len(us))})
		}
		slices.SortFunc(xy, func(a, b plotter.XY) int { return cmpF(a.X, b.X) })
		l, p, err := plotter.NewLinePoints(xy)
		if err != nil {
			return err
		}
		l.Color, p.Color = dfColor[df], dfColor[df]
		u.Add(l, p)
		u.Legend.Add(df, l, p)
	}
	u.Y.Min, u.Y.Max = 0, 100
	if err := u.Save(6*vg.Inch, 4*vg.Inch, filepath.Join(dir, PlotFiles[0])); err != nil {
		return fmt.Errorf("sweep: plot: %w", err)
	}

	a := plot.New()
	a.Title.Text = "Area against throughput (Pareto front marked)"
	a.X.Label.Text = "area: Yosys cells"
	if !synth {
		a.X.Label.Text = "area: PEs (no Yosys cell counts)"
	}
	a.Y.Label.Text = "mean MACs per cycle"
	a.Legend.Top = true
	a.Legend.Left = true
	byDF := map[string]plotter.XYs{}
	for _, s := range stats {
		byDF[s.dataflow] = append(byDF[s.dataflow], plotter.XY{X: s.area, Y: s.thru})
	}
	var front plotter.XYs
	for _, i := range pareto(stats) {
		front = append(front, plotter.XY{X: stats[i].area, Y: stats[i].thru})
	}
	if err := addScatterFront(a, byDF, front); err != nil {
		return err
	}
	if err := a.Save(6*vg.Inch, 4*vg.Inch, filepath.Join(dir, PlotFiles[1])); err != nil {
		return fmt.Errorf("sweep: plot: %w", err)
	}
	return writeEnergyPlot(dir, rows)
}
