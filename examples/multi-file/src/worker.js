// Shop background worker (stand-in): polls for jobs.
const concurrency = Number(process.env.QUEUE_CONCURRENCY || 1);
console.log(`worker started with concurrency ${concurrency}`);
setInterval(() => {}, 60_000);
