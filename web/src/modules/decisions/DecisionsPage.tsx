import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages';
import { DecisionDetailRoute } from './DecisionDetailPage';
import { DecisionRegisterPage } from './DecisionRegisterPage';

/** `/governance/decisions` (the register) and `/governance/decisions/:id` (one item; tasks link back here). */
export function DecisionsPage() {
  return (
    <Routes>
      <Route index element={<DecisionRegisterPage />} />
      <Route path=":id" element={<DecisionDetailRoute />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
