// Minimal stand-in for the real API: answers health checks and echoes which backends it is configured for.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ service: 'notes-api', database: Boolean(process.env.DATABASE_URL), cache: Boolean(process.env.REDIS_URL) }));
  })
  .listen(port, () => console.log(`notes-api listening on ${port}`));
