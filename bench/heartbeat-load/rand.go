package main

import "crypto/rand"

var cryptoRand = rand.Reader
