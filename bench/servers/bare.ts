// The baseline: a bare Fastify server answering the same JSON the real routes answer.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const health = { status: 'ok', db: 'sqlite', version: '0.0.0' };
const orgs = JSON.parse(process.env.BENCH_ORGS_JSON ?? '{"items":[],"total":0,"page":1,"pageSize":100}');
app.get('/api/health', async () => health);
app.get('/api/organizations', async () => orgs);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
