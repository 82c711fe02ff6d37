/**
 * TLS material of the simulator: a self-signed CA and a server certificate for 127.0.0.1, ::1
 * and localhost, valid from 2000 to 2126. It exists because kubectl (client-go's clientcmd) only sends
 * a kubeconfig's token over TLS, and Forbidden messages need a named user. It protects nothing:
 * test fixture only, generated with openssl (EC P-256).
 */

/** PEM of the CA that signed the server certificate (goes into kubeconfigs). */
export const SIM_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBYTCCAQagAwIBAgICEAAwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAwwLa3ViZS1z
aW0tY2EwIBcNMDAwMTAxMDAwMDAwWhgPMjEyNjAxMDEwMDAwMDBaMBYxFDASBgNV
BAMMC2t1YmUtc2ltLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECmyJQ2FT
0ui+5ZrjeCwL28q8+5B1aiOZ2sK/WwA+VV2amxtKlUYCd6Jd55Z8s5+PqUCymTpA
vQN20Nm1sRKA9qNCMEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw
HQYDVR0OBBYEFNQ3q7yn3yftZGRagdaoFirx+pdcMAoGCCqGSM49BAMCA0kAMEYC
IQCsQtGYEwi+RsQ62ZWwEeJ27JWqkG+k0RmeWN1SoTEc6gIhAJF+csp6DQ2EvfxD
+WMLNUETtaujKaOn3n/GS0evlQ7f
-----END CERTIFICATE-----
`;

/** PEM of the server certificate. */
export const SIM_SERVER_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIB+zCCAaGgAwIBAgICEAEwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAwwLa3ViZS1z
aW0tY2EwIBcNMDAwMTAxMDAwMDAwWhgPMjEyNjAxMDEwMDAwMDBaMBkxFzAVBgNV
BAMMDmt1YmUtYXBpc2VydmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAES5jl
5z++Wgn+H5iyYfODIab3i06kNKmwQT5EAmLr8cCCY53HbWlqFQAssjgOgKR+wKRD
Fi3PB1Uyl4f7eu3bhqOB2TCB1jAJBgNVHRMEAjAAMA4GA1UdDwEB/wQEAwIFoDAT
BgNVHSUEDDAKBggrBgEFBQcDATBkBgNVHREEXTBbhwR/AAABhxAAAAAAAAAAAAAA
AAAAAAABgglsb2NhbGhvc3SCCmt1YmVybmV0ZXOCEmt1YmVybmV0ZXMuZGVmYXVs
dIIWa3ViZXJuZXRlcy5kZWZhdWx0LnN2YzAfBgNVHSMEGDAWgBTUN6u8p98n7WRk
WoHWqBYq8fqXXDAdBgNVHQ4EFgQU9Tax7LkUpA2DPvXhVjqlHOsjHt0wCgYIKoZI
zj0EAwIDSAAwRQIgIJnWRiLntcRZs2vhZpB/TBC3nas27DzCUtaifM5JJe0CIQCz
o/qVy5iAD1zTZBTwwvhGEEKAWGR7HqxcxrEdSC61gw==
-----END CERTIFICATE-----
`;

/** PEM (PKCS#8) of the server key. */
export const SIM_SERVER_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgq272UbVZF3n1l0AI
OROWWaZUDzdrkLcC8waHqjU63u+hRANCAARLmOXnP75aCf4fmLJh84MhpveLTqQ0
qbBBPkQCYuvxwIJjncdtaWoVACyyOA6ApH7ApEMWLc8HVTKXh/t67duG
-----END PRIVATE KEY-----
`;
