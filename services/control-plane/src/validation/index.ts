export { strictAjv, coercingAjv, ajvDetails, schemaProblems } from './ajv';
