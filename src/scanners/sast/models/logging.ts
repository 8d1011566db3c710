/** Loggers writing request data: CR/LF in it forges log lines. */
import type { SinkSpec, TaintModel } from './types.js';
import { LOGGER_RECEIVER } from './receivers.js';

const LEVELS = 'log,info,warn,warning,error,debug,trace,fatal,verbose,silly,notice,crit,alert,emerg';
const DESC = 'is written to the log unescaped (forged log lines)';

function log(id: string, call: string): SinkSpec {
  return { id, kind: 'log-injection', call, args: 'all', labels: ['http'], description: DESC };
}

export const loggingModel: TaintModel = {
  framework: 'logging',
  sinks: [
    log('winston', `winston.{${LEVELS}}`),
    log('winston.createLogger', `winston.createLogger().{${LEVELS}}`),
    { ...log('bunyan', `bunyan.createLogger().{${LEVELS}}`), requiresConcatenation: true },
    { ...log('pino', `pino().{${LEVELS}}`), requiresConcatenation: true },
    log('log4js', `log4js.getLogger().{${LEVELS}}`),
    log('npmlog', `npmlog.{${LEVELS}}`),
    log('nestjs.Logger', `@nestjs/common.Logger().{${LEVELS}}`),
    log('nestjs.Logger.static', `@nestjs/common.Logger.{${LEVELS}}`),
    // Loggers passed around or created elsewhere: `logger.info(…)`, `this.log.warn(…)`. Only a
    // message built from input: these are often JSON loggers (pino, fastify's request.log),
    // which escape a whole value passed as a field.
    ...['info', 'warn', 'error', 'debug', 'log', 'trace', 'fatal', 'verbose'].map((name): SinkSpec => ({
      id: `method.logger.${name}`, kind: 'log-injection', method: { name, receiver: LOGGER_RECEIVER },
      args: 'all', requiresConcatenation: true, labels: ['http'], description: DESC,
    })),
    // A log file the app writes itself: `fs.appendFile(path.join(dir, 'audit.log'), line)`.
    // Only a line built from input, as for other loggers.
    ...['fs', 'fs.promises', 'fs-extra', 'graceful-fs', 'mz.fs'].map((mod): SinkSpec => ({
      id: `${mod}.appendFile.log`, kind: 'log-injection', call: `${mod}.{appendFile,appendFileSync}`, args: [1], logTarget: 0,
      requiresConcatenation: true, labels: ['http'], description: 'is appended to a log file unescaped (forged log lines)',
    })),
  ],
};
