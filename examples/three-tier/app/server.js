// Storefront app stand-in: the real one talks to Postgres and Redis.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`storefront ok (cache at ${process.env.REDIS_HOST}:${process.env.REDIS_PORT})\n`);
  })
  .listen(port, () => console.log(`storefront listening on ${port}`));
