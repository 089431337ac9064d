// Shop HTTP entry point (stand-in).
const http = require('node:http');

http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ role: process.env.ROLE, db: process.env.DATABASE_HOST }));
  })
  .listen(8000, () => console.log('shop app listening on 8000'));
