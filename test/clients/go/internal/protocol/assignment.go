package protocol

import (
	"sort"
	"sync"
)

// Assignment tracks a group member's partitions and prints an assignment line on every change.
type Assignment struct {
	mu    sync.Mutex
	parts map[Partition]bool
}

func sorted(set map[Partition]bool) []Partition {
	out := make([]Partition, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Topic != out[j].Topic {
			return out[i].Topic < out[j].Topic
		}
		return out[i].Partition < out[j].Partition
	})
	return out
}

// Change applies an "assigned", "revoked" or "lost" event and prints it.
func (a *Assignment) Change(event string, changed map[string][]int32) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.parts == nil {
		a.parts = map[Partition]bool{}
	}
	delta := map[Partition]bool{}
	for t, ps := range changed {
		for _, p := range ps {
			tp := Partition{t, p}
			delta[tp] = true
			if event == "assigned" {
				a.parts[tp] = true
			} else {
				delete(a.parts, tp)
			}
		}
	}
	Emit("assignment", map[string]any{"event": event, "changed": sorted(delta), "partitions": sorted(a.parts)})
}

// Offsets turns per-partition next offsets into a committed line's list, sorted.
func Offsets(next map[Partition]int64) []CommittedOffset {
	set := map[Partition]bool{}
	for p := range next {
		set[p] = true
	}
	out := []CommittedOffset{}
	for _, p := range sorted(set) {
		out = append(out, CommittedOffset{p.Topic, p.Partition, next[p]})
	}
	return out
}
