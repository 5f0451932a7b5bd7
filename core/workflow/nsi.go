package workflow

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// nsiCache holds the НСИ dictionaries a session has read (coded fields
// of the XML — citizenship, document type, checkpoint — must be items of
// the dictionaries the catalog names; the service refuses other values
// after an order number was spent).
type nsiCache struct {
	mu    sync.Mutex
	dicts map[string][]DictItem // nil entry: the dictionary could not be read
}

// dictLookup is archive.Spec.Dictionary: whether value is an item of
// dictionary code (its value, or the attribute column). known is false
// when the dictionary cannot be read: the value is not judged here then.
func (s *Session) dictLookup(code, column, value string) (has, known bool) {
	s.nsi.mu.Lock()
	defer s.nsi.mu.Unlock()
	if s.nsi.dicts == nil {
		s.nsi.dicts = map[string][]DictItem{}
	}
	items, ok := s.nsi.dicts[code]
	if !ok {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var err error
		items, err = s.client.DictAll(ctx, code, DictRequest{TreeFiltering: DictSubtree}, 500)
		if err != nil {
			items = nil
		}
		s.nsi.dicts[code] = items
	}
	if items == nil {
		return false, false
	}
	var walk func([]DictItem) bool
	walk = func(list []DictItem) bool {
		for _, it := range list {
			if it.Value == value {
				return true
			}
			if column != "" {
				for _, a := range it.Attributes {
					if a.Name == column && (a.Value.AsString == value || fmt.Sprint(a.Value.Value) == value) {
						return true
					}
				}
				if v, ok := it.AttributeValues[column]; ok && fmt.Sprint(v) == value {
					return true
				}
			}
			if walk(it.Children) {
				return true
			}
		}
		return false
	}
	return walk(items), true
}
