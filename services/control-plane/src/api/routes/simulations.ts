import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  Scenario,
  scenarioProblems,
  simulateInWorker,
  simulationChart,
  simulationMarkdown,
  SimulationTimeoutError,
  type Scenario as ScenarioType,
} from '../../backtest';
import { BUNDLED_ZONES } from '../../signals';
import { ApiError, unprocessable } from '../errors';
import { errorResponses } from '../schemas/common';

const SIMULATION_TIMEOUT_SECONDS = 60;

/** What-if runs over historical grid data; nothing is stored, the result is the answer. */
export function registerSimulationRoutes(app: FastifyInstance): void {
  app.post(
    '/api/v1/simulations',
    {
      config: { role: 'operator' },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['simulations'],
        summary: 'Replay workloads and policies over historical grid data (JSON, Markdown or SVG)',
        querystring: Type.Object(
          {
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('markdown'), Type.Literal('svg')]),
            ),
          },
          { additionalProperties: false },
        ),
        body: Scenario,
        response: { 200: Type.Unknown(), 503: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      const problems = scenarioProblems(request.body, BUNDLED_ZONES);
      if (problems.length) throw unprocessable('invalid scenario', problems);
      let result;
      try {
        result = await simulateInWorker(
          request.body as ScenarioType,
          process.env,
          SIMULATION_TIMEOUT_SECONDS,
        );
      } catch (err) {
        if (!(err instanceof SimulationTimeoutError)) throw err;
        throw new ApiError(
          503,
          'SimulationTooLarge',
          `${err.message}; run it with \`lightswitch simulate\``,
          [{ field: '(body)', problem: 'too large for the API: shorten the range or use the CLI' }],
        );
      }
      const format = (request.query as { format?: string }).format ?? 'json';
      if (format === 'markdown')
        return reply.type('text/markdown; charset=utf-8').send(simulationMarkdown(result));
      if (format === 'svg') return reply.type('image/svg+xml').send(simulationChart(result));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(result));
    },
  );
}
