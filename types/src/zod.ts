/**
 * The zod instance every schema uses, extended with `.openapi()` metadata, with its default messages
 * in Chinese (zodChinese.ts): a schema without its own message never shows English to a resident.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { chineseIssueMessage } from './zodChinese';

extendZodWithOpenApi(z);
z.config({ localeError: chineseIssueMessage });

export { z };
