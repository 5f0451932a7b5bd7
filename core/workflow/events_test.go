package workflow

import (
	"slices"
	"testing"
)

// Subscribers see an event in the order they subscribed, also after some
// of them have left: the window's screens react to it in the same order
// every run.
func TestBusDeliversInSubscriptionOrder(t *testing.T) {
	var b bus
	var got []int
	cancels := make([]func(), 12)
	for i := range cancels {
		cancels[i] = b.subscribe(func(Event) { got = append(got, i) })
	}
	b.emit(Event{})
	if want := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; !slices.Equal(got, want) {
		t.Fatalf("delivered to %v, want %v", got, want)
	}
	cancels[3]()
	cancels[7]()
	cancels[7]() // twice is harmless
	b.subscribe(func(Event) { got = append(got, 12) })
	got = nil
	b.emit(Event{})
	if want := []int{0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12}; !slices.Equal(got, want) {
		t.Fatalf("after two left and one joined: delivered to %v, want %v", got, want)
	}
}

// A subscriber that leaves while an event is being delivered still gets
// that event, and a new one joining meanwhile waits for the next.
func TestBusSubscribeDuringEmit(t *testing.T) {
	var b bus
	var got []string
	var cancelB func()
	b.subscribe(func(Event) {
		got = append(got, "a")
		cancelB()
		b.subscribe(func(Event) { got = append(got, "c") })
	})
	cancelB = b.subscribe(func(Event) { got = append(got, "b") })
	b.emit(Event{})
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Fatalf("first event went to %v, want %v", got, want)
	}
}
