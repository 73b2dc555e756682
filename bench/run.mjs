// `npm run bench`: every benchmark, printed as tables with ratios against a baseline measured in the same run.
import { benchEngine } from './engine-overhead.mjs';
import { benchReview } from './review.mjs';

const only = process.argv[2];
if (!only || only === 'engine') await benchEngine();
if (!only || only === 'review') await benchReview();
