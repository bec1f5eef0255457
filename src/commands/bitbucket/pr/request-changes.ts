import { reviewCommand } from '../_shared/review.js';

export default reviewCommand('request-changes');
