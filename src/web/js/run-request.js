import { showError, showInfo } from './notice.js';

// Runs one request; shows the server's answer or its error line; refreshes the page's detail. True if it worked.
export async function run(session, request) {
  try {
    const answer = await request();
    if (answer.message) showInfo(answer.message);
    return true;
  } catch (e) {
    showError(e.message);
    return false;
  } finally {
    session.refreshDetail();
  }
}
