/** Money arrives as integer fen (分) and is turned into 元 only at the edge, by the one shared formatter. */
export { fenToYuan, formatFen, sumFen } from '@portal/types/src/money';
