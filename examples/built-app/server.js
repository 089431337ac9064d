// Orders API stand-in: one JSON endpoint, guarded by an API key header.
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const apiKey = process.env.ORDERS_API_KEY;

http
  .createServer((req, res) => {
    if (apiKey && req.headers['x-api-key'] !== apiKey) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ orders: [] }));
  })
  .listen(port, () => console.log(`orders-api listening on ${port}`));
