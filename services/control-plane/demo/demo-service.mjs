#!/usr/bin/env node
// The demo workload `npm start` seeds until the bundled query-engine and JIT services exist: a small HTTP
// service the process actuator starts and stops. PORT and NAME come from its environment; START_DELAY_MS
// and STOP_DELAY_MS make it slow to become healthy and to stop, as real services are (the crash test uses them).
import http from 'node:http';
import { setTimeout } from 'node:timers';

const port = Number(process.env.PORT ?? 18101);
const name = process.env.NAME ?? 'demo-service';
const startedAt = Date.now();

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  const body = {
    service: name,
    pid: process.pid,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
    method: req.method,
    path: req.url,
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body) + '\n');
});

const startDelayMs = Number(process.env.START_DELAY_MS ?? 0);
const stopDelayMs = Number(process.env.STOP_DELAY_MS ?? 0);

setTimeout(() => {
  server.listen(port, '127.0.0.1', () => console.log(`${name} listening on http://127.0.0.1:${port}`));
}, startDelayMs);
// A clean exit on SIGTERM, so the process actuator's graceful stop is the path taken.
process.on('SIGTERM', () => setTimeout(() => server.close(() => process.exit(0)), stopDelayMs));
