import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { issueSetupToken, setupNeeded } from './modules/identity/auth.service';
import { ensureDemo } from './modules/tenancy/demo';

export interface StartOptions {
  demo?: boolean;
  /** Print to the console (setup link, demo accounts); tests pass a collector. */
  print?: (line: string) => void;
}

/** Start Shirube: prepare the database, print the setup link when nobody can sign in yet, listen, shut down cleanly. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<FastifyInstance> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const started = performance.now();
  const app = await buildApp(config);
  const base = config.SHIRUBE_PUBLIC_URL?.replace(/\/$/, '') ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;

  if (opts.demo) {
    const demo = await ensureDemo(app.deps);
    print('');
    print('================ デモ団体 / demo organisation ================');
    print('「【デモ】しるべ市」は見学用の架空の団体です。実データを入力しないでください。');
    print('"【デモ】しるべ市" is a fictitious organisation for looking around. Do not enter real data.');
    if (demo.created) {
      for (const u of demo.users) print(`  ${u.email}  パスワード: ${u.password}  （${u.roles.join('・')}）`);
      print('  パスワードはこの一度だけ表示されます。 / Passwords are shown only this once.');
    } else {
      print('  デモ団体は作成済みです。パスワードは作成時に表示したものを使ってください。');
      print('  The demo organisation already exists; use the passwords shown when it was created.');
    }
    print('==============================================================');
  }

  if (await setupNeeded(app.deps.db)) {
    const token = await issueSetupToken(app.deps.db);
    print('');
    print('================ 初期設定 / first-time setup ================');
    print('最初の管理者を登録するには、24時間以内に次のURLを開いてください（一回限り）:');
    print('To register the first administrator, open this link within 24 hours (one time only):');
    print(`  ${base}/setup#token=${token}`);
    print('または / or:  npx shirube admin create --org <団体コード> --email <mail> --name <氏名>');
    print('=============================================================');
  }

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (e) {
    await app.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      throw new StartError(`ポート ${config.PORT} は既に使用されています。PORT で別のポートを指定してください。 / Port ${config.PORT} is already in use; set PORT to another port.`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new StartError(`HOST=${config.HOST} で待ち受けできません。 / Cannot listen on HOST=${config.HOST}.`);
    }
    if (code === 'EACCES') {
      throw new StartError(`ポート ${config.PORT} を使う権限がありません。 / No permission to use port ${config.PORT}.`);
    }
    throw e;
  }
  app.log.info({ ms: Math.round(performance.now() - started), db: app.deps.dbKind }, 'Shirube started');
  print(`しるべ を ${base} で起動しました（データベース: ${app.deps.dbKind === 'sqlite' ? config.sqlitePath : 'PostgreSQL'}）`);

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return app;
}

export class StartError extends Error {}
