import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages';
import { SchemeCreatePage } from './SchemeCreatePage';
import { SchemeListPage } from './SchemeListPage';
import { SchemePage } from './SchemePage';

export const EVALUATION_PATH = '/evaluation';

/** 成效评价: the scheme list, a new scheme, and one scheme's results, definition, manual scores, items, data and runs. */
export function EvaluationPage() {
  return (
    <Routes>
      <Route index element={<SchemeListPage />} />
      <Route path="new" element={<SchemeCreatePage />} />
      <Route path=":schemeId" element={<SchemePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
