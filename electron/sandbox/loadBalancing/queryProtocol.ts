import { randomUUID } from 'node:crypto';
import type { AwsJsonResponse } from '../awsJsonProtocol';

/**
 * The AWS query protocol, as ELBv2 speaks it: a form-encoded POST naming the operation in
 * `Action=` (lists as `Name.member.1=…`), answered in XML wrapped in `<ActionResponse>`
 * with its `<ActionResult>` and a request id; errors are `<ErrorResponse>` with HTTP 400.
 */

/** An error in the query protocol's shape: the Code the SDK maps to its typed exception. */
export class QueryApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export type QueryOperation = (parameters: URLSearchParams) => object;

export interface QueryService {
  /** The API version every call must name, e.g. 2015-12-01. */
  version: string;
  /** The namespace of every response document. */
  xmlNamespace: string;
  operations: ReadonlyMap<string, QueryOperation>;
}

export function handleQueryRequest(service: QueryService, body: string): AwsJsonResponse {
  const requestId = randomUUID();
  const headers = { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId };
  try {
    const parameters = new URLSearchParams(body);
    const action = parameters.get('Action') ?? '';
    const operation = service.operations.get(action);
    if (!operation) throw new QueryApiError('InvalidAction', `Could not find operation ${action}.`);
    if (parameters.get('Version') !== service.version)
      throw new QueryApiError('InvalidParameterValue', `Version must be ${service.version}.`);
    const result = xmlElement(`${action}Result`, operation(parameters));
    const metadata = `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;
    const document = `<${action}Response xmlns="${service.xmlNamespace}">${result}${metadata}</${action}Response>`;
    return { status: 200, headers, body: document };
  } catch (error) {
    const known = error instanceof QueryApiError;
    const code = known ? error.code : 'InternalFailure';
    const message = known
      ? error.message
      : `The sandbox failed to handle the request: ${error instanceof Error ? error.message : String(error)}`;
    const status = known ? error.status : 500;
    const document =
      `<ErrorResponse xmlns="${service.xmlNamespace}"><Error><Type>${status < 500 ? 'Sender' : 'Receiver'}</Type>` +
      `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status, headers, body: document };
  }
}

/** The members of a list parameter (`Name.member.1`, `Name.member.2`, …) in their order. */
export function listParameter(parameters: URLSearchParams, name: string): string[] {
  return indexedMembers(parameters, name).map(([, key]) => parameters.get(key)!);
}

/** A list of structures: each member's fields by name (`Name.member.1.Field`). */
export function structureListParameter(
  parameters: URLSearchParams,
  name: string,
): Array<Record<string, string>> {
  const members = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${name}\\.member\\.(\\d+)\\.(\\w+)$`);
  for (const [key, value] of parameters) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    members.set(index, { ...members.get(index), [match[2]!]: value });
  }
  return [...members.entries()].sort(([a], [b]) => a - b).map(([, member]) => member);
}

function indexedMembers(parameters: URLSearchParams, name: string): Array<[number, string]> {
  const pattern = new RegExp(`^${name}\\.member\\.(\\d+)$`);
  const found: Array<[number, string]> = [];
  for (const key of parameters.keys()) {
    const match = pattern.exec(key);
    if (match) found.push([Number(match[1]), key]);
  }
  return found.sort(([a], [b]) => a - b);
}

/** A whole number parameter within bounds, or undefined when absent. */
export function integerParameter(
  parameters: URLSearchParams,
  name: string,
  bounds: { min: number; max: number },
): number | undefined {
  const text = parameters.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max)
    throw new QueryApiError('ValidationError', `${name} must be between ${bounds.min} and ${bounds.max}.`);
  return value;
}

/** An element whose content follows the value: lists as `<member>`s, Dates in ISO 8601, undefined left out. */
function xmlElement(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${xmlContent(value)}</${name}>`;
}

function xmlContent(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((member) => xmlElement('member', member)).join('');
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .map(([key, member]) => xmlElement(key, member))
      .join('');
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
