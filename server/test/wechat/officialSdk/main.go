// Command officialsdk is a merchant built on WeChat Pay's official Go SDK (wechatpay-go), pointed at the
// portal's WeChat sandbox. The portal itself pays through an unofficial Node library, so a sandbox that was
// lenient or subtly wrong could agree with it on a mistake; the official SDK is the outside judge.
//
// It reads one JSON request on stdin and writes one JSON answer on stdout:
//
//	{"result": ...}                                          the SDK's own model of WeChat's answer
//	{"apiError": {"StatusCode": 401, "Code": "SIGN_ERROR", "Message": "..."}}   WeChat refused the call
//	{"error": "..."}                                         the SDK refused WeChat's answer (signature, ...)
//
// A request it cannot read exits 2 with the reason on stderr. See server/test/wechat/officialSdk.test.ts.
package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/wechatpay-apiv3/wechatpay-go/core"
	"github.com/wechatpay-apiv3/wechatpay-go/core/auth"
	"github.com/wechatpay-apiv3/wechatpay-go/core/auth/verifiers"
	"github.com/wechatpay-apiv3/wechatpay-go/core/notify"
	"github.com/wechatpay-apiv3/wechatpay-go/core/option"
	"github.com/wechatpay-apiv3/wechatpay-go/services/payments"
	"github.com/wechatpay-apiv3/wechatpay-go/services/payments/jsapi"
	"github.com/wechatpay-apiv3/wechatpay-go/services/refunddomestic"
	"github.com/wechatpay-apiv3/wechatpay-go/utils"
)

// wechatPayHost is the host the SDK's services call; only it is sent to the sandbox.
const wechatPayHost = "api.mch.weixin.qq.com"

type request struct {
	Op string `json:"op"`
	// The merchant: what the merchant platform gives it, as files where a merchant keeps files.
	SandboxURL      string `json:"sandboxUrl"`
	Mchid           string `json:"mchid"`
	MerchantSerial  string `json:"merchantSerial"`
	MerchantKeyPath string `json:"merchantKeyPath"`
	APIV3Key        string `json:"apiV3Key"`
	Appid           string `json:"appid"`
	// How it checks WeChat's signatures: "publicKey" (PUB_KEY_ID_…), "certificate" (platform certificate),
	// or "switch" (switching from one to the other: answers by the public key, notifications by either).
	Mode             string `json:"mode"`
	PublicKeyID      string `json:"publicKeyId"`
	PublicKeyPath    string `json:"publicKeyPath"`
	PlatformCertPath string `json:"platformCertPath"`
	// The operation's own fields.
	OutTradeNo   string        `json:"outTradeNo"`
	Description  string        `json:"description"`
	AmountFen    int64         `json:"amountFen"`
	Openid       string        `json:"openid"`
	NotifyURL    string        `json:"notifyUrl"`
	ExpiresInMin int           `json:"expiresInMinutes"`
	OutRefundNo  string        `json:"outRefundNo"`
	RefundFen    int64         `json:"refundFen"`
	TotalFen     int64         `json:"totalFen"`
	Reason       string        `json:"reason"`
	Notification *notification `json:"notification"`
}

// notification is a WeChat Pay notification as the merchant's server received it.
type notification struct {
	Body    string            `json:"body"`
	Headers map[string]string `json:"headers"`
}

type apiError struct {
	StatusCode int
	Code       string
	Message    string
}

type answer struct {
	Result   any       `json:"result,omitempty"`
	APIError *apiError `json:"apiError,omitempty"`
	Error    string    `json:"error,omitempty"`
}

func main() {
	var req request
	dec := json.NewDecoder(os.Stdin)
	// A misspelt field would otherwise be an empty one, and the check it was meant for would pass unasked.
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "officialsdk: cannot read the request:", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	result, err := run(ctx, req)
	out := answer{Result: result}
	var refused *core.APIError
	switch {
	case errors.As(err, &refused):
		out = answer{APIError: &apiError{refused.StatusCode, refused.Code, refused.Message}}
	case errors.Is(err, errBadRequest):
		fmt.Fprintln(os.Stderr, "officialsdk:", err)
		os.Exit(2)
	case err != nil:
		out = answer{Error: err.Error()}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "officialsdk:", err)
		os.Exit(1)
	}
}

var errBadRequest = errors.New("bad request")

func run(ctx context.Context, req request) (any, error) {
	if req.Op == "parseNotify" {
		return parseNotify(ctx, req)
	}
	client, err := newClient(ctx, req)
	if err != nil {
		return nil, err
	}
	orders := jsapi.JsapiApiService{Client: client}
	refunds := refunddomestic.RefundsApiService{Client: client}
	switch req.Op {
	case "prepay":
		order := jsapi.PrepayRequest{
			Appid:       core.String(req.Appid),
			Mchid:       core.String(req.Mchid),
			Description: core.String(req.Description),
			OutTradeNo:  core.String(req.OutTradeNo),
			NotifyUrl:   core.String(req.NotifyURL),
			Amount:      &jsapi.Amount{Total: core.Int64(req.AmountFen), Currency: core.String("CNY")},
			Payer:       &jsapi.Payer{Openid: core.String(req.Openid)},
		}
		if req.ExpiresInMin > 0 {
			order.TimeExpire = core.Time(time.Now().Add(time.Duration(req.ExpiresInMin) * time.Minute))
		}
		// PrepayWithRequestPayment calls Prepay, then signs wx.requestPayment's parameters (paySign).
		resp, _, err := orders.PrepayWithRequestPayment(ctx, order)
		return resp, err
	case "query":
		resp, _, err := orders.QueryOrderByOutTradeNo(ctx, jsapi.QueryOrderByOutTradeNoRequest{
			OutTradeNo: core.String(req.OutTradeNo),
			Mchid:      core.String(req.Mchid),
		})
		return resp, err
	case "close":
		result, err := orders.CloseOrder(ctx, jsapi.CloseOrderRequest{
			OutTradeNo: core.String(req.OutTradeNo),
			Mchid:      core.String(req.Mchid),
		})
		if err != nil {
			return nil, err
		}
		return map[string]int{"statusCode": result.Response.StatusCode}, nil
	case "refund":
		create := refunddomestic.CreateRequest{
			OutTradeNo:  core.String(req.OutTradeNo),
			OutRefundNo: core.String(req.OutRefundNo),
			Amount: &refunddomestic.AmountReq{
				Refund:   core.Int64(req.RefundFen),
				Total:    core.Int64(req.TotalFen),
				Currency: core.String("CNY"),
			},
		}
		if req.Reason != "" {
			create.Reason = core.String(req.Reason)
		}
		if req.NotifyURL != "" {
			create.NotifyUrl = core.String(req.NotifyURL)
		}
		resp, _, err := refunds.Create(ctx, create)
		return resp, err
	case "queryRefund":
		resp, _, err := refunds.QueryByOutRefundNo(ctx, refunddomestic.QueryByOutRefundNoRequest{
			OutRefundNo: core.String(req.OutRefundNo),
		})
		return resp, err
	}
	return nil, fmt.Errorf("%w: unknown op %q", errBadRequest, req.Op)
}

// newClient builds the SDK's client as a merchant does (no certificate downloader: it has an HTTP client
// of its own, bound to the real host), with an HTTP client that sends WeChat Pay's host to the sandbox.
func newClient(ctx context.Context, req request) (*core.Client, error) {
	privateKey, err := utils.LoadPrivateKeyWithPath(req.MerchantKeyPath)
	if err != nil {
		return nil, fmt.Errorf("%w: merchant key: %v", errBadRequest, err)
	}
	transport, err := toSandbox(req.SandboxURL)
	if err != nil {
		return nil, err
	}
	httpClient := option.WithHTTPClient(&http.Client{Transport: transport, Timeout: 15 * time.Second})
	switch req.Mode {
	case "publicKey", "switch":
		publicKey, err := utils.LoadPublicKeyWithPath(req.PublicKeyPath)
		if err != nil {
			return nil, fmt.Errorf("%w: WeChat Pay public key: %v", errBadRequest, err)
		}
		return core.NewClient(ctx,
			option.WithWechatPayPublicKeyAuthCipher(req.Mchid, req.MerchantSerial, privateKey, req.PublicKeyID, publicKey),
			httpClient)
	case "certificate":
		cert, err := utils.LoadCertificateWithPath(req.PlatformCertPath)
		if err != nil {
			return nil, fmt.Errorf("%w: platform certificate: %v", errBadRequest, err)
		}
		return core.NewClient(ctx,
			option.WithMerchantCredential(req.Mchid, req.MerchantSerial, privateKey),
			option.WithWechatPayCertificate([]*x509.Certificate{cert}),
			httpClient)
	}
	return nil, fmt.Errorf("%w: mode must be publicKey, certificate or switch, not %q", errBadRequest, req.Mode)
}

// sandboxTransport sends requests for WeChat Pay's host to the sandbox and refuses every other host, so
// that nothing the SDK does can reach the real WeChat. The request line keeps its path and query: the
// SDK signed them, and the sandbox checks that signature.
type sandboxTransport struct {
	sandbox *url.URL
	next    http.RoundTripper
}

func toSandbox(sandboxURL string) (http.RoundTripper, error) {
	u, err := url.Parse(sandboxURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: sandboxUrl %q", errBadRequest, sandboxURL)
	}
	// No proxy from the environment: the sandbox is on this machine.
	return sandboxTransport{sandbox: u, next: &http.Transport{}}, nil
}

func (t sandboxTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != wechatPayHost {
		return nil, fmt.Errorf("refused %s: only %s is sent to the sandbox", r.URL.Redacted(), wechatPayHost)
	}
	out := r.Clone(r.Context())
	u := *r.URL
	u.Scheme, u.Host = t.sandbox.Scheme, t.sandbox.Host
	out.URL, out.Host = &u, ""
	return t.next.RoundTrip(out)
}

// parsedNotification is what the SDK's notify handler made of a notification: the envelope, and the
// decrypted resource in the SDK's model of it (payments.Transaction for payments).
type parsedNotification struct {
	ID           string                `json:"id"`
	CreateTime   *time.Time            `json:"createTime"`
	EventType    string                `json:"eventType"`
	ResourceType string                `json:"resourceType"`
	Summary      string                `json:"summary"`
	OriginalType string                `json:"originalType"`
	Transaction  *payments.Transaction `json:"transaction,omitempty"`
	Refund       map[string]any        `json:"refund,omitempty"`
}

func parseNotify(ctx context.Context, req request) (any, error) {
	if req.Notification == nil {
		return nil, fmt.Errorf("%w: parseNotify needs notification {body, headers}", errBadRequest)
	}
	verifier, err := notifyVerifier(req)
	if err != nil {
		return nil, err
	}
	handler, err := notify.NewRSANotifyHandler(req.APIV3Key, verifier)
	if err != nil {
		return nil, fmt.Errorf("%w: APIv3 key: %v", errBadRequest, err)
	}
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://merchant.example/notify",
		bytes.NewBufferString(req.Notification.Body))
	if err != nil {
		return nil, err
	}
	for k, v := range req.Notification.Headers {
		httpReq.Header.Set(k, v)
	}
	var resource json.RawMessage
	parsed, err := handler.ParseNotifyRequest(ctx, httpReq, &resource)
	if err != nil {
		return nil, err
	}
	out := parsedNotification{
		ID:           parsed.ID,
		CreateTime:   parsed.CreateTime,
		EventType:    parsed.EventType,
		ResourceType: parsed.ResourceType,
		Summary:      parsed.Summary,
		OriginalType: parsed.Resource.OriginalType,
	}
	if strings.HasPrefix(parsed.EventType, "TRANSACTION.") {
		out.Transaction = new(payments.Transaction)
		err = json.Unmarshal(resource, out.Transaction)
	} else {
		err = json.Unmarshal(resource, &out.Refund)
	}
	return out, err
}

// notifyVerifier is the verifier a merchant gives the notify handler: the WeChat Pay public key, the
// platform certificate it keeps, or during a switch both (the SDK's README: the combined verifier).
func notifyVerifier(req request) (auth.Verifier, error) {
	var publicKey *rsa.PublicKey
	var certs *core.CertificateMap
	if req.Mode == "publicKey" || req.Mode == "switch" {
		key, err := utils.LoadPublicKeyWithPath(req.PublicKeyPath)
		if err != nil {
			return nil, fmt.Errorf("%w: WeChat Pay public key: %v", errBadRequest, err)
		}
		publicKey = key
	}
	if req.Mode == "certificate" || req.Mode == "switch" {
		cert, err := utils.LoadCertificateWithPath(req.PlatformCertPath)
		if err != nil {
			return nil, fmt.Errorf("%w: platform certificate: %v", errBadRequest, err)
		}
		certs = core.NewCertificateMapWithList([]*x509.Certificate{cert})
	}
	switch req.Mode {
	case "publicKey":
		return verifiers.NewSHA256WithRSAPubkeyVerifier(req.PublicKeyID, *publicKey), nil
	case "certificate":
		return verifiers.NewSHA256WithRSAVerifier(certs), nil
	case "switch":
		return verifiers.NewSHA256WithRSACombinedVerifier(certs, req.PublicKeyID, *publicKey), nil
	}
	return nil, fmt.Errorf("%w: mode must be publicKey, certificate or switch, not %q", errBadRequest, req.Mode)
}
