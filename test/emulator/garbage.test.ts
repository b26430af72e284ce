// Garbage in gets a Zoho-shaped error out, and the server keeps serving.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { accessToken, at, call, rawRequest } from './helpers.js';

const ASSIGN = '/crm/v7/Accounts/actions/assign_territories';

describe('garbage in', () => {
  let emulator: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    emulator = await startEmulator({ jobDelayMs: 10 });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator?.stop());

  const cases: readonly {
    name: string;
    method: string;
    path: string;
    body?: string;
    contentType?: string;
    status: number;
    code: string;
  }[] = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: ASSIGN,
      body: '{"data": [',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'an empty body',
      method: 'POST',
      path: ASSIGN,
      body: '',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'JSON that is not an object',
      method: 'POST',
      path: ASSIGN,
      body: '[1,2]',
      status: 400,
      code: 'MANDATORY_NOT_FOUND',
    },
    {
      name: 'data that is not a list',
      method: 'POST',
      path: ASSIGN,
      body: '{"data":"x"}',
      status: 400,
      code: 'MANDATORY_NOT_FOUND',
    },
    {
      name: 'a form body instead of JSON',
      method: 'POST',
      path: ASSIGN,
      body: 'id=554023000003635001&Territories=554023000000430451',
      contentType: 'application/x-www-form-urlencoded',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'XML with an XML content type',
      method: 'POST',
      path: ASSIGN,
      body: '<data><id>1</id></data>',
      contentType: 'application/xml',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'entries and territories of the wrong types',
      method: 'POST',
      path: ASSIGN,
      body: '{"data":[17, {"id": {"x":1}, "Territories": "all"}]}',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'an unknown route',
      method: 'GET',
      path: '/crm/v7/settings/nothing/here',
      status: 404,
      code: 'INVALID_URL_PATTERN',
    },
    {
      name: 'another API version',
      method: 'GET',
      path: '/crm/v2/Accounts',
      status: 404,
      code: 'INVALID_URL_PATTERN',
    },
    { name: 'the site root', method: 'GET', path: '/', status: 404, code: 'INVALID_URL_PATTERN' },
    {
      name: 'a wrong method',
      method: 'DELETE',
      path: '/crm/v7/settings/territories',
      status: 400,
      code: 'INVALID_REQUEST_METHOD',
    },
    {
      name: 'PUT on Get Records',
      method: 'PUT',
      path: '/crm/v7/Accounts',
      body: '{}',
      status: 400,
      code: 'INVALID_REQUEST_METHOD',
    },
    {
      name: 'ids with letters',
      method: 'GET',
      path: '/crm/v7/Accounts?fields=Account_Name&ids=12ab,34',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'a record id with letters',
      method: 'GET',
      path: '/crm/v7/Deals/5540230000036399O2',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'a territory id with letters',
      method: 'GET',
      path: '/crm/v7/settings/territories/abc',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'a negative page',
      method: 'GET',
      path: '/crm/v7/Accounts?fields=Account_Name&page=-1',
      status: 400,
      code: 'INVALID_DATA',
    },
    {
      name: 'a broken percent-encoding',
      method: 'GET',
      path: '/crm/v7/Acc%ZZounts',
      status: 404,
      code: 'INVALID_URL_PATTERN',
    },
    {
      name: 'a COQL query that does not parse',
      method: 'POST',
      path: '/crm/v7/coql',
      body: '{"select_query":"select from where"}',
      status: 400,
      code: 'SYNTAX_ERROR',
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const reply = await call(emulator, c.method, c.path, {
      token,
      ...(c.body !== undefined ? { body: c.body } : {}),
      headers: { 'content-type': c.contentType ?? 'application/json' },
    });
    expect([reply.status, at(reply.body, 'code') ?? at(reply.body, 'data', 0, 'code')]).toEqual([
      c.status,
      c.code,
    ]);
    expect(at(reply.body, 'status') ?? at(reply.body, 'data', 0, 'status')).toBe('error');
  });

  it('answers a 10 MB body with 413 and keeps serving', async () => {
    const reply = await rawRequest(`${emulator.url}${ASSIGN}`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024, 0x20),
    });
    expect('status' in reply && reply.status).toBe(413);
    expect(JSON.parse('text' in reply ? reply.text : '{}')).toMatchObject({
      code: 'REQUEST_ENTITY_TOO_LARGE',
      status: 'error',
    });
    expect((await call(emulator, 'GET', '/crm/v7/settings/territories', { token })).status).toBe(
      200,
    );
  });

  it('survives bytes that are not HTTP and a client that hangs up mid-request', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(Number(new URL(emulator.url).port), '127.0.0.1', () => {
        socket.write('\x00\x01 not http at all\r\n\r\n');
      });
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.setTimeout(2000, () => socket.destroy());
    });
    await new Promise<void>((resolve) => {
      const socket = connect(Number(new URL(emulator.url).port), '127.0.0.1', () => {
        socket.write(`POST ${ASSIGN} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"data"`);
        socket.destroy();
        resolve();
      });
    });
    expect((await call(emulator, 'GET', '/crm/v7/settings/territories', { token })).status).toBe(
      200,
    );
  });
});
