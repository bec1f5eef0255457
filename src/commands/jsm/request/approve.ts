import { decisionCommand } from './_decide.js';

export default decisionCommand('approve');
