// The 404 page: only its language.
import { setUpLanguage } from './page.mjs';

setUpLanguage();
