// sarama_sasl: one record produced and read back over a SASL (optionally TLS) listener with sarama 1.22.1.
// PLAIN is sarama's own; SCRAM goes through sarama's SCRAMClient hook with the small RFC 5802 client below
// (Debian ships no xdg-go/scram). -version 0.11.0.0 makes sarama use SaslHandshake v0 and raw tokens.
//
// Usage: sarama_sasl -broker host:port -topic T -user U -password P [-mechanism PLAIN|SCRAM-SHA-256|SCRAM-SHA-512] [-ca ca.crt] [-version 2.0.0]
package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"hash"
	"io/ioutil"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/Shopify/sarama"
)

type scramClient struct {
	h                            func() hash.Hash
	user, password, nonce, first string
	salted                       []byte
	authMessage                  string
	step                         int
}

func (c *scramClient) Begin(user, password, authzID string) error {
	c.user, c.password = user, password
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	c.nonce = base64.RawStdEncoding.EncodeToString(b)
	return nil
}

func mac(h func() hash.Hash, key []byte, data string) []byte {
	m := hmac.New(h, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func pbkdf2(h func() hash.Hash, password, salt []byte, iter int) []byte {
	m := hmac.New(h, password)
	m.Write(salt)
	m.Write([]byte{0, 0, 0, 1})
	u := m.Sum(nil)
	out := append([]byte(nil), u...)
	for i := 1; i < iter; i++ {
		m = hmac.New(h, password)
		m.Write(u)
		u = m.Sum(nil)
		for j := range out {
			out[j] ^= u[j]
		}
	}
	return out
}

func (c *scramClient) Step(challenge string) (string, error) {
	c.step++
	switch c.step {
	case 1:
		c.first = "n=" + c.user + ",r=" + c.nonce
		return "n,," + c.first, nil
	case 2:
		attrs := map[string]string{}
		for _, p := range strings.Split(challenge, ",") {
			if len(p) > 2 {
				attrs[p[:1]] = p[2:]
			}
		}
		salt, err := base64.StdEncoding.DecodeString(attrs["s"])
		if err != nil {
			return "", err
		}
		iter, _ := strconv.Atoi(attrs["i"])
		c.salted = pbkdf2(c.h, []byte(c.password), salt, iter)
		final := "c=biws,r=" + attrs["r"]
		c.authMessage = c.first + "," + challenge + "," + final
		clientKey := mac(c.h, c.salted, "Client Key")
		sum := c.h()
		sum.Write(clientKey)
		sig := mac(c.h, sum.Sum(nil), c.authMessage)
		for i := range clientKey {
			clientKey[i] ^= sig[i]
		}
		return final + ",p=" + base64.StdEncoding.EncodeToString(clientKey), nil
	default:
		want := "v=" + base64.StdEncoding.EncodeToString(mac(c.h, mac(c.h, c.salted, "Server Key"), c.authMessage))
		if challenge != want {
			return "", fmt.Errorf("server signature mismatch")
		}
		return "", nil
	}
}

func (c *scramClient) Done() bool { return c.step >= 3 }

func fail(format string, args ...interface{}) {
	b, _ := json.Marshal(map[string]string{"kind": "error", "error": fmt.Sprintf(format, args...)})
	fmt.Println(string(b))
	os.Exit(1)
}

func main() {
	broker := flag.String("broker", "", "")
	topic := flag.String("topic", "", "")
	user := flag.String("user", "", "")
	password := flag.String("password", "", "")
	mechanism := flag.String("mechanism", "PLAIN", "")
	ca := flag.String("ca", "", "")
	version := flag.String("version", "2.0.0", "")
	flag.Parse()
	cfg := sarama.NewConfig()
	v, err := sarama.ParseKafkaVersion(*version)
	if err != nil {
		fail("version: %v", err)
	}
	cfg.Version = v
	cfg.Net.SASL.Enable = true
	cfg.Net.SASL.Handshake = true
	cfg.Net.SASL.User = *user
	cfg.Net.SASL.Password = *password
	cfg.Net.SASL.Mechanism = sarama.SASLMechanism(*mechanism)
	switch *mechanism {
	case "SCRAM-SHA-256":
		cfg.Net.SASL.SCRAMClientGeneratorFunc = func() sarama.SCRAMClient { return &scramClient{h: sha256.New} }
	case "SCRAM-SHA-512":
		cfg.Net.SASL.SCRAMClientGeneratorFunc = func() sarama.SCRAMClient { return &scramClient{h: sha512.New} }
	}
	if *ca != "" {
		pem, err := ioutil.ReadFile(*ca)
		if err != nil {
			fail("ca: %v", err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		cfg.Net.TLS.Enable = true
		cfg.Net.TLS.Config = &tls.Config{RootCAs: pool, ServerName: "localhost"}
	}
	cfg.Producer.Return.Successes = true
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Metadata.Retry.Max = 1
	cfg.Net.DialTimeout = 10 * time.Second
	producer, err := sarama.NewSyncProducer([]string{*broker}, cfg)
	if err != nil {
		fail("producer: %v", err)
	}
	partition, offset, err := producer.SendMessage(&sarama.ProducerMessage{Topic: *topic, Value: sarama.StringEncoder("hello " + *mechanism)})
	if err != nil {
		fail("send: %v", err)
	}
	producer.Close()
	consumer, err := sarama.NewConsumer([]string{*broker}, cfg)
	if err != nil {
		fail("consumer: %v", err)
	}
	pc, err := consumer.ConsumePartition(*topic, partition, offset)
	if err != nil {
		fail("consume: %v", err)
	}
	select {
	case m := <-pc.Messages():
		b, _ := json.Marshal(map[string]interface{}{"kind": "consumed", "offset": m.Offset, "value": string(m.Value)})
		fmt.Println(string(b))
	case <-time.After(15 * time.Second):
		fail("no message")
	}
	pc.Close()
	consumer.Close()
}
