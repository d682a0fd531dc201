import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages';
import { CampaignDetailRoute } from './CampaignDetailPage';
import { CampaignListPage } from './CampaignListPage';

/** `/mission/campaigns` (the list) and `/mission/campaigns/:id` (question, answers, participation; tasks link back here). */
export function CampaignsPage() {
  return (
    <Routes>
      <Route index element={<CampaignListPage />} />
      <Route path=":id" element={<CampaignDetailRoute />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
