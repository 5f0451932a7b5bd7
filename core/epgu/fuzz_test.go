package epgu

import (
	"encoding/json"
	"testing"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func FuzzOrderDetails(f *testing.F) {
	f.Add([]byte(`{"code":"OK","message":null,"messageId":"x","order":"{\"id\":1,\"statuses\":[{\"id\":2,\"date\":\"2022-07-25T13:01:52.121+0300\"}]}"}`))
	f.Add([]byte(`{"code":"NEW","order":null}`))
	f.Add([]byte(`{"order":{"id":5}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d OrderDetails
		_ = json.Unmarshal(b, &d)
	})
}

func FuzzStatusPage(f *testing.F) {
	f.Add([]byte(`{"count":1,"totalCount":1,"content":[{" orderId":1,"orderSearchStatus":"FOUND","status":{"statusId":2,"statusName":"x","updated":"2022-12-21T20:49:37.672"}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p StatusPage
		_ = json.Unmarshal(b, &p)
	})
}

func FuzzErrorBody(f *testing.F) {
	f.Add([]byte(`{"code":"bad_request","message":"x"}`))
	f.Add([]byte(`{"error":{"code":7,"message":"Entity not found"}}`))
	f.Fuzz(func(t *testing.T, b []byte) { parseErrorBody(b) })
}

func FuzzParseLink(f *testing.F) {
	f.Add("terrabyte://00/2058864134/req.xml/2")
	f.Fuzz(func(t *testing.T, s string) { ParseLink(s) })
}
