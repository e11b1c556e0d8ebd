// TEST MATERIAL ONLY, NEVER FOR PRODUCTION: the private key below is public, in this file, for anyone.
// A test CA and a server certificate for 127.0.0.1, ::1 and localhost, so that TLS tests verify the chain
// and the server name as a real client would. Node cannot mint X.509 certificates, and a dependency that
// can would be the emulator's only one; so they were made once with openssl 3 (valid 50 years, to 2076):
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 18262 \
//     -subj "/CN=ils-auth SIP2 emulator TEST CA (never for production)" \
//     -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
//   openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost
//   openssl x509 -req -days 18262 with subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,
//     basicConstraints=critical,CA:FALSE, keyUsage=critical,digitalSignature, extendedKeyUsage=serverAuth
// The CA's own key was thrown away: nothing else can ever be signed by this CA.

/** PEM of the test CA that signed `TEST_SERVER_CERTIFICATE`; what a client passes as its `ca`. */
export const TEST_CA_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIB5zCCAY2gAwIBAgIUQ9bDxYzdWv7/Hn8/PMhP6DK0//cwCgYIKoZIzj0EAwIw
QDE+MDwGA1UEAww1aWxzLWF1dGggU0lQMiBlbXVsYXRvciBURVNUIENBIChuZXZl
ciBmb3IgcHJvZHVjdGlvbikwIBcNMjYxMjA3MTYxMjI4WhgPMjA3NjEyMDYxNjEy
MjhaMEAxPjA8BgNVBAMMNWlscy1hdXRoIFNJUDIgZW11bGF0b3IgVEVTVCBDQSAo
bmV2ZXIgZm9yIHByb2R1Y3Rpb24pMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
pMNOBMCvOYP5RBpcJFaBLztc6nuXeqAJc3Q6/6h4LgnKHayhY9fol/rvkN69qRev
P1XrphAVN4+dQjWavJ/l5KNjMGEwHQYDVR0OBBYEFEAwQpEOzdlrgl7YK3Xrdlab
1Jr/MB8GA1UdIwQYMBaAFEAwQpEOzdlrgl7YK3Xrdlab1Jr/MA8GA1UdEwEB/wQF
MAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMCA0gAMEUCIQCUysYOtx1i
L6rcidftPcpBbvV3s7A5cMvO8znTEZXF1QIgFg/n2XMCI6tezUgMI9fo3NPSvRbS
uVLTbgfC2J79U+Q=
-----END CERTIFICATE-----
`;

/** PEM of the server certificate (subject alternative names 127.0.0.1, ::1, localhost). */
export const TEST_SERVER_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIB/TCCAaOgAwIBAgIUGisz9qlHs648NN39tLSTvyAzb6MwCgYIKoZIzj0EAwIw
QDE+MDwGA1UEAww1aWxzLWF1dGggU0lQMiBlbXVsYXRvciBURVNUIENBIChuZXZl
ciBmb3IgcHJvZHVjdGlvbikwIBcNMjYxMjA3MTYxMjI4WhgPMjA3NjEyMDYxNjEy
MjhaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABNDAnrk6SpyQnMmi2DGRFjAY9bHmVzIAP4JbclNtrn9DSUI2rgio2z8xWB3M
089vA4c73Ze+r/kYTXct7ec0mgajgaQwgaEwLAYDVR0RBCUwI4cEfwAAAYcQAAAA
AAAAAAAAAAAAAAAAAYIJbG9jYWxob3N0MAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/
BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQWBBQsa62DeOZb8fUf
ON9+vFn4kgyVmjAfBgNVHSMEGDAWgBRAMEKRDs3Za4Je2Ct163ZWm9Sa/zAKBggq
hkjOPQQDAgNIADBFAiEAj33kABxLHlS7OpXm1ndF37owTsDRjGGq0bXVLLaq8DAC
IA2CZFP9H6Zn55TJtRU0KpO0z0IbCGE6w6wPKrRd8pLJ
-----END CERTIFICATE-----
`;

/** PEM of the server certificate's private key. Public test material: see the top of this file. */
export const TEST_SERVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIPzzh0s//vsZqG4F
9BGPMTbOiUBrP+rO0F2oX5cBxr2hRANCAATQwJ65OkqckJzJotgxkRYwGPWx5lcy
AD+CW3JTba5/Q0lCNq4IqNs/MVgdzNPPbwOHO92Xvq/5GE13Le3nNJoG
-----END PRIVATE KEY-----
`;
