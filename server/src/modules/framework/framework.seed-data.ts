/**
 * Seed data for the "113344" 党建工作体系 framework tree (东轻党委).
 *
 * Six elements (六大要素) → pillars (1, 1, 3, 4, 3, 4 in code order; "113344") →
 * assessable requirements. Every requirement `description` is the seed
 * article's own wording (seed/000_de50d2d3e28aeb5c.txt), copied verbatim or
 * trimmed to the relevant clause, including its original punctuation.
 */

/** One node of the seeded 113344 framework tree. */
export interface FrameworkSeedNode {
  code: string;
  name: string;
  nameEn: string;
  kind: 'element' | 'pillar' | 'requirement';
  description: string;
  evidence: string;
  weight: number;
  assessable: boolean;
  children: FrameworkSeedNode[];
}

/** Flat row produced by {@link flattenFramework}. */
export type FlatFrameworkSeedNode = Omit<FrameworkSeedNode, 'children'> & {
  parentCode: string | null;
  sortOrder: number;
};

function element(code: string, name: string, nameEn: string, description: string, children: FrameworkSeedNode[]): FrameworkSeedNode {
  return { code, name, nameEn, kind: 'element', description, evidence: '', weight: 1, assessable: false, children };
}

function pillar(
  code: string,
  name: string,
  nameEn: string,
  description: string,
  evidence: string,
  children: FrameworkSeedNode[],
): FrameworkSeedNode {
  return { code, name, nameEn, kind: 'pillar', description, evidence, weight: 1, assessable: false, children };
}

function req(code: string, name: string, nameEn: string, description: string, evidence: string): FrameworkSeedNode {
  return { code, name, nameEn, kind: 'requirement', description, evidence, weight: 1, assessable: true, children: [] };
}

export const FRAMEWORK_113344: FrameworkSeedNode[] = [
  element('1', '精神涵养', 'Spiritual Cultivation', '政治强党与精神兴党相统一：讲忠诚、有信念，用伟大建党精神植根铸魂', [
    pillar(
      '1.1',
      '传承一种精神',
      'Carry On One Spirit',
      '讲忠诚、有信念，传承一种精神，成就产业报国',
      '党委会会议纪要、第一议题学习记录、中心组学习记录、企业精神宣贯材料',
      [
        req(
          '1.1.1',
          '党建写入章程',
          'Party Building Written into the Articles',
          '将党的政治建设、思想建设深刻写入章程',
          '公司章程及修订记录',
        ),
        req(
          '1.1.2',
          '第一议题',
          'First Agenda Item',
          '将“第一议题”作为首要程序紧扣方向',
          '党委会、党政联席会会议议程及纪要、第一议题学习记录',
        ),
        req('1.1.3', '第一要务', 'First Priority', '将“第一要务”作为战略基点谋篇布局', '发展战略规划、年度工作报告'),
        req('1.1.4', '第一责任', 'First Responsibility', '将“第一责任”作为关键抓手提振队伍', '党建责任书、书记述职评议材料'),
        req(
          '1.1.5',
          '把方向管大局保落实',
          'Set Direction, Oversee the Whole, Ensure Implementation',
          '确保党委“把方向、管大局、保落实”作用发挥,时刻校准企业治理坐标',
          '党委前置研究讨论重大事项清单、党委会会议纪要',
        ),
        req(
          '1.1.6',
          '五学机制',
          'Five-Way Learning Mechanism',
          '全面推动党的理论决策“党委会跟进学、中心组研讨学、读书班系统学、上级领导领学、邀请专家讲学”的“五学”机制',
          '党委会学习记录、中心组学习研讨记录、读书班方案及签到、领学讲学课件',
        ),
        req(
          '1.1.7',
          '学习研讨与大讨论',
          'Study Campaigns and Big Discussions',
          '广泛开展二十大精神宣贯、“五史”教育、“双争”“双创”“赶超标杆我能干成什么”大讨论等学习研讨',
          '宣贯方案、大讨论征集意见及成果汇编',
        ),
        req(
          '1.1.8',
          '十六字企业精神',
          'Sixteen-Character Enterprise Spirit',
          '将建厂以来坚定履行强国使命的光荣传统凝炼为“产业报国、一铝当先、创新自强、勤勉奉献”十六字企业精神',
          '企业精神宣贯方案、培训及宣传记录',
        ),
        req(
          '1.1.9',
          '一铝文化铸魂',
          'Chinalco Culture Reader',
          '推出《中国一铝之路》读本,对东轻从筚路蓝缕到逐梦新篇的光辉厂史重新整理编辑',
          '厂史读本、企业文化体系发布及学习记录',
        ),
      ],
    ),
  ]),
  element('2', '使命引领', 'Mission Leadership', '思想强党与使命兴党相统一：讲担当、有目标，用高质量党建育先机开新局', [
    pillar(
      '2.1',
      '赓续一种使命',
      'Continue One Mission',
      '讲担当、有目标，赓续一种使命，投身铝基强国',
      '三会一层决策事项清单、督办台账、形势任务教育记录、战略目标分解材料',
      [
        req(
          '2.1.1',
          '三会一层决策清单',
          'Decision-Item Lists of the Three Meetings and Management',
          '持续巩固“三会一层”决策事项清单机制',
          '“三会一层”决策事项清单、会议纪要',
        ),
        req('2.1.2', '决策事项跟踪督办', 'Follow-Up Supervision of Decisions', '决策事项跟踪督办机制', '决策事项督办台账、办结销号记录'),
        req(
          '2.1.3',
          '顶层设计贯穿决策',
          'Top-Level Design Through Decision-Making',
          '将党建的顶层设计贯穿至企业决策治理的各个环节,形成平衡高效的现代化制度和内部运行系统',
          '党建工作要求写入决策流程的制度文件',
        ),
        req(
          '2.1.4',
          '形势任务教育',
          'Situation and Task Education',
          '全面落实形势任务教育,破除懈怠固守的观念积弊',
          '形势任务教育方案、宣讲记录',
        ),
        req(
          '2.1.5',
          '三重倒逼机制',
          'Triple Pressure Mechanism',
          '以“面向市场挑战、指标自我加压、管理标准提升”三重倒逼机制激发全员价值创造、动真碰硬的主动作为',
          '指标加压方案、对标提升措施及完成情况',
        ),
        req(
          '2.1.6',
          '一体两翼四基地',
          'One Body, Two Wings, Four Bases Strategy',
          '东轻提出“一体两翼四基地”战略构想',
          '战略规划文件、年度分解目标',
        ),
        req(
          '2.1.7',
          '四个基地建设',
          'Building the Four Bases',
          '着力打造引领行业发展研发基地、国家战略需要保障基地、高端合金产品制造基地、国企党建工作示范基地',
          '基地建设方案、年度进展报告',
        ),
      ],
    ),
  ]),
  element('3', '组织保障', 'Organisational Guarantee', '组织强党与价值兴党相统一：强功能、有作为，贯通三大链条', [
    pillar(
      '3.1',
      '组织链',
      'Organisation Chain',
      '厘清权责边界，以任务清单闭环管理强健组织功能',
      '职责分工文件、重大事项—年度指标—具体实施—子项任务清单、跟踪督导反馈记录',
      [
        req(
          '3.1.1',
          '厘清权责边界',
          'Clarify Powers and Duties',
          '充分厘清权责边界,按照职能分工明确工作定位与协同机制',
          '党组织职责清单、职能分工及协同机制文件',
        ),
        req(
          '3.1.2',
          '四级关联任务清单',
          'Linked Four-Level Task Lists',
          '建立重大事项、年度指标、具体实施及子项关联任务清单',
          '重大事项、年度指标、具体实施及子项任务清单',
        ),
        req(
          '3.1.3',
          '任务清单闭环管理',
          'Closed-Loop Task Management',
          '形成中心工作有跟踪、有督导、有反馈的闭环管理',
          '任务跟踪台账、督导记录、反馈及销号材料',
        ),
      ],
    ),
    pillar(
      '3.2',
      '责任链',
      'Responsibility Chain',
      '以“四责一体”为关键，构建立体式党建责任格局',
      '党建责任书、责任清单、书记述职评议材料、“五明五会”考核记录',
      [
        req(
          '3.2.1',
          '四责一体',
          'Four Responsibilities as One',
          '构建起党组织主体责任、书记第一责任、领导干部一岗双责、生产经营党政同责的立体式党建责任格局',
          '主体责任清单、书记第一责任清单、一岗双责责任书',
        ),
        req(
          '3.2.2',
          '五明五会',
          'Five Clarities, Five Abilities',
          '重点利用“五明五会”标准规范总支及支部书记“头雁”带队的履职能力',
          '书记履职测评、“五明五会”达标记录、培训记录',
        ),
        req(
          '3.2.3',
          '从细节入手主动做功',
          'Proactive Work from the Details',
          '指导各级党组织与党员干部从细节入手主动做功,不断提升主责主业的质量效率',
          '基层党组织工作计划及落实记录',
        ),
      ],
    ),
    pillar(
      '3.3',
      '价值链',
      'Value Chain',
      '以党建业务“双融双促”为牵引，让基层党建凭工作成果提士气创价值',
      '建功立业、党员先锋、青年活力项目台账，解决生产经营问题清单及成效',
      [
        req('3.3.1', '双融双促', 'Dual Integration, Dual Promotion', '以党建业务“双融双促”为牵引', '党建与业务融合项目清单、融合成效报告'),
        req(
          '3.3.2',
          '三大系列工程',
          'Three Programme Series',
          '做优建功立业、党员先锋、青年活力系列工程',
          '建功立业、党员先锋、青年活力工程方案及台账',
        ),
        req(
          '3.3.3',
          '解决现场实际问题',
          'Solve Real Shop-Floor Problems',
          '扎实解决生产经营特别是现场实际问题',
          '问题清单、攻关记录及解决成效',
        ),
        req(
          '3.3.4',
          '组织在场',
          'Organisation Heard, Seen and Recognising',
          '保证组织的声音在凝心聚力时听得到,组织的引领在攻坚克难时看得见,组织的认可在取得成绩时有体现',
          '宣传报道、攻坚现场记录、表彰奖励材料',
        ),
        req(
          '3.3.5',
          '保障效益指标',
          'Safeguard Performance Targets',
          '让基层党建凭借实实在在的工作成果提士气创价值,为效益指标的超额完成保驾护航',
          '经营指标完成情况、党建成果与效益关联分析',
        ),
      ],
    ),
  ]),
  element('4', '基础支撑', 'Foundational Support', '基础强党与活力兴党相统一：强管理、有活力，做优四化建设', [
    pillar(
      '4.1',
      '基层党建标准化',
      'Standardised Grassroots Party Building',
      '树立大抓基层导向，为各级党组织规范运行提供坐标参照',
      '支部标准化建设达标记录、组织设置与换届材料、“三会一课”记录',
      [
        req('4.1.1', '大抓基层', 'Strong Focus on the Grassroots', '树立大抓基层的鲜明导向', '基层党建工作要点、书记抓基层党建项目'),
        req(
          '4.1.2',
          '规范畅通运行',
          'Standardised, Smooth Operation',
          '为各级党组织规范畅通运行提供坐标参照',
          '支部工作标准、标准化达标检查记录',
        ),
        req(
          '4.1.3',
          '组织力战斗力',
          'Organisational and Fighting Strength',
          '东轻基层党建的组织力战斗力得到了切实发挥,从“写在纸面上”转化成为可见有感的执行效果',
          '支部工作成效材料、执行情况检查记录',
        ),
      ],
    ),
    pillar(
      '4.2',
      '基础管理规范化',
      'Standardised Basic Management',
      '夯实基础管理，绿色制造与精益管理落到班组',
      '现场检查记录、问题整改台账、精益管理班组台账',
      [
        req(
          '4.2.1',
          '绿色制造五化',
          'Five Green-Manufacturing Requirements',
          '依照“厂房集约化、原料无害化、生产洁净化、废物资源化、能源低碳化”要求',
          '绿色制造检查表、节能环保指标',
        ),
        req(
          '4.2.2',
          '现场安全环保检查',
          'On-Site Safety and Environment Checks',
          '结合“双争”大讨论实地考察现场安全环保问题',
          '现场检查记录、问题清单',
        ),
        req(
          '4.2.3',
          '分级督办促整改',
          'Tiered Rectification Supervision',
          '总支——支部——岗位分级督办促整改',
          '分级督办单、整改台账及销号记录',
        ),
        req('4.2.4', '精益管理进班组', 'Lean Management in Teams', '实现精益管理进班组', '班组精益管理台账'),
      ],
    ),
    pillar(
      '4.3',
      '品牌载体特色化',
      'Distinctive Brands and Carriers',
      '以特色载体和支部品牌贯穿一线，引导员工创新创造',
      '载体及项目清单、联建共建协议、特色支部品牌材料',
      [
        req(
          '4.3.1',
          '两带两创·联建共建·双提升',
          'Two-Lead-Two-Create, Joint Building, Dual Upgrade',
          '把“两带两创”“联建共建”、党员“双提升”等载体贯穿一线',
          '载体活动方案、联建共建协议及活动记录',
        ),
        req(
          '4.3.2',
          '项目设置与考核标准',
          'Project Set-Up and Assessment Standards',
          '运用具体的项目设置和考核标准引导员工发力创新创造',
          '项目立项书、考核标准及结果',
        ),
        req(
          '4.3.3',
          '特色支部品牌',
          'Branded Party Branches',
          '通过“3950文化”“八熔八铸”等特色支部建设,树立起兼具感染力与认同度的品牌标杆',
          '特色支部创建方案、品牌展示材料',
        ),
        req(
          '4.3.4',
          '有组织就有载体',
          'Every Organisation a Carrier, Every Member a Project',
          '坚持“有组织就必须有载体、有党员就必须有项目”',
          '党组织载体清单、党员项目清单',
        ),
        req(
          '4.3.5',
          '群团创新项目',
          'Innovation Studios and Mentoring Projects',
          '拓展创新工作室、“传帮带”、青年创新创意等群团项目',
          '创新工作室台账、传帮带协议、青年创新创意成果',
        ),
      ],
    ),
    pillar(
      '4.4',
      '任务落实清单化',
      'Task Implementation by Lists',
      '任务清单延伸到基层，党员挂帅攻关解决现场难题',
      '基层任务清单、攻关队项目台账、攻关成果材料',
      [
        req(
          '4.4.1',
          '基层工作细则和任务清单',
          'Grassroots Work Rules and Task Lists',
          '延伸基层党组织工作细则和任务清单机制',
          '基层党组织工作细则、任务清单',
        ),
        req('4.4.2', '攻关队', 'Member-Led Tackling Teams', '号召党员“挂帅”成立攻关队', '攻关队组建文件、成员名单、项目台账'),
        req(
          '4.4.3',
          '数智化升级改造',
          'Digital and Intelligent Upgrading',
          '根据现场实际研究推广系统装备的数智化升级改造,解决难题、分享经验',
          '改造项目清单、成果及经验交流材料',
        ),
      ],
    ),
  ]),
  element('5', '治理穿透', 'Governance Penetration', '制度强党与治理兴党相统一：强效能、有规范，穿透三重治理', [
    pillar(
      '5.1',
      '制度治理',
      'Governance by Regulations',
      '筑牢制度堤坝，从制度源头抓班子带队伍',
      '制度清单、制度制订修订记录、专项学习记录',
      [
        req(
          '5.1.1',
          '跟进党章和党建制度',
          'Follow the Party Constitution and Regulations',
          '跟进新党章和中央党建制度体系',
          '制度对标清单、制度修订说明',
        ),
        req(
          '5.1.2',
          '制度体系梳理',
          'Regulation System Review',
          '集中梳理决策制度、党群制度、监督制度、经营管理制度及“三大规程”',
          '决策、党群、监督、经营管理制度及“三大规程”清单',
        ),
        req('5.1.3', '制度制订修订', 'Drafting and Revising Regulations', '完成制订修订1 000余项', '制度制订修订台账及发文'),
        req(
          '5.1.4',
          '制度源头抓班子带队伍',
          'Lead Teams from the Regulatory Source',
          '从制度源头抓班子带队伍,扎实强规矩转作风',
          '班子建设制度及执行检查记录',
        ),
        req(
          '5.1.5',
          '组织处理规定专项学习',
          'Study of Organisational Handling Rules',
          '分层对中国共产党组织处理规定等进行专项学习',
          '专项学习方案、学习记录',
        ),
      ],
    ),
    pillar(
      '5.2',
      '决策治理',
      'Governance of Decision-Making',
      '坚持全面从严治党推进全面从严治企，紧盯重大决策部署',
      '决策监督记录、巡视巡察反馈整改台账、年度目标指标监督记录',
      [
        req(
          '5.2.1',
          '从严治党推进从严治企',
          'Strict Party Governance Drives Strict Enterprise Governance',
          '将“坚持全面从严治党推进全面从严治企”作为制度治理、决策治理和运行治理的工作重心',
          '全面从严治党工作要点、责任清单',
        ),
        req(
          '5.2.2',
          '重大决策部署监督',
          'Supervision of Major Decisions and Key Posts',
          '紧盯重大决策部署、巡视巡察反馈、年度目标指标等情况和招投标等关键岗位',
          '重大决策落实监督记录、巡视巡察整改台账、招投标监督记录',
        ),
        req(
          '5.2.3',
          '严谨作风履职尽责',
          'Rigorous Conduct and Due Diligence',
          '常态化驱动党员干部严谨作风、履职尽责',
          '履职检查记录、作风建设通报',
        ),
      ],
    ),
    pillar(
      '5.3',
      '运行治理',
      'Governance of Operations',
      '扭住作风建设要害，监督融入日常，直抵“神经末梢”',
      '廉政教育记录、民主生活会与组织生活会材料、约谈记录、直通车办理台账、监督发现问题台账',
      [
        req('5.3.1', '5+N廉政教育', '5+N Integrity Education', '完善“5+N”廉政教育体系', '廉政教育计划及记录'),
        req(
          '5.3.2',
          '民主生活会和组织生活会',
          'Democratic and Organisational Life Meetings',
          '利用民主生活会、组织生活会严肃新形势下党内政治生活',
          '民主生活会、组织生活会方案、记录及整改清单',
        ),
        req(
          '5.3.3',
          '直通车',
          'Direct Line to the Chairman and GM',
          '深化董事长和总经理网络监督“直通车”机制',
          '直通车来信登记、办理及反馈台账',
        ),
        req('5.3.4', '约谈预警', 'Integrity Talks and Early Warning', '廉政责任约谈预警机制', '约谈记录、预警通知'),
        req(
          '5.3.5',
          '三不腐与十条禁令',
          'Three No-Corruption and Ten Prohibitions',
          '一体化推进“三不腐”及干部作风建设“十条禁令”',
          '作风建设检查记录、违规问题处理台账',
        ),
        req(
          '5.3.6',
          '大监督',
          'Integrated Supervision',
          '全面铺开政治巡查监督、专责专项监督、管理系统监督、群众动态监督联动的“大监督”机制',
          '巡查报告、专项监督报告、问题及整改台账',
        ),
        req(
          '5.3.7',
          '监督直抵神经末梢',
          'Supervision Reaching the Nerve Endings',
          '促进监督效能直抵企业“神经末梢”',
          '基层监督记录、问题发现及整改情况',
        ),
      ],
    ),
  ]),
  element('6', '成效评价', 'Effectiveness Evaluation', '发展强党与目标兴党相统一：强成效、有考核，推行四维评价', [
    pillar(
      '6.1',
      '政治执行力',
      'Political Execution',
      '交叉实施四维评价，把握“党管干部”原则树立选人用人正确导向',
      '四维评价方案及结果、干部选拔任用材料',
      [
        req(
          '6.1.1',
          '四维交叉评价',
          'Cross Four-Dimensional Evaluation',
          '交叉实施政治执行力、组织落实力、堡垒作用力、责任担当力四维评价',
          '四维评价方案、评价打分表及结果',
        ),
        req(
          '6.1.2',
          '党管干部选人用人',
          'Party Manages Cadres in Selection',
          '把握“党管干部”原则,东轻党委树立选人用人正确导向',
          '干部选拔任用程序材料、选人用人检查记录',
        ),
        req(
          '6.1.3',
          '完善评价维度',
          'Refine Evaluation Dimensions',
          '继续完善党建评价维度,强化队伍斗争精神与斗争本领养成',
          '评价指标体系修订记录',
        ),
      ],
    ),
    pillar(
      '6.2',
      '组织落实力',
      'Organisational Implementation',
      '以综合评价和具体标准衡量任务落实',
      '干部综合评价表、任务分解完成率统计、创新成果认定材料',
      [
        req(
          '6.2.1',
          '干部综合评价',
          'Composite Cadre Evaluation',
          '运用“重点工作督办+日常工作动态+集中检查情况+经营指标结果”的综合评价配强队伍',
          '重点工作督办结果、日常工作动态记录、集中检查结果、经营指标结果',
        ),
        req(
          '6.2.2',
          '任务分解完成率',
          'Task Decomposition Completion Rate',
          '将四维评价中任务分解完成率、创新成果加分项、党员先锋达效度等具体标准作为队伍担当能力建设的指挥棒',
          '任务清单分解及完成情况统计',
        ),
        req(
          '6.2.3',
          '创新成果加分',
          'Innovation Achievement Bonus',
          '将四维评价中任务分解完成率、创新成果加分项、党员先锋达效度等具体标准作为队伍担当能力建设的指挥棒',
          '创新成果认定材料、获奖及专利证明',
        ),
      ],
    ),
    pillar(
      '6.3',
      '堡垒作用力',
      'Bastion Role',
      '党员先锋达效，平常时候看得出来、关键时刻站得出来、危难关头豁得出来',
      '党员先锋岗、示范岗达效记录，重难点攻坚成效材料',
      [
        req(
          '6.3.1',
          '党员先锋达效度',
          'Vanguard Member Effectiveness',
          '将四维评价中任务分解完成率、创新成果加分项、党员先锋达效度等具体标准作为队伍担当能力建设的指挥棒',
          '党员先锋岗、示范岗、责任区达效记录',
        ),
        req(
          '6.3.2',
          '三个出来',
          'Visible, Standing Up, Giving All',
          '以党的二十大“平常时候看得出来、关键时刻站得出来、危难关头豁得出来”要求为准绳',
          '急难险重任务中党员表现记录、表彰材料',
        ),
        req('6.3.3', '聚焦工作重难点', 'Focus on Key and Difficult Work', '聚焦强基固本、对标提升等工作重难点', '重难点工作清单及攻坚成效'),
      ],
    ),
    pillar(
      '6.4',
      '责任担当力',
      'Responsibility and Commitment',
      '整治“低、假、粗、差、懒”，在承诺践诺中锻炼本领',
      '问题整治台账、党员承诺践诺记录、作风评议结果',
      [
        req(
          '6.4.1',
          '整治低假粗差懒',
          'Fix Low, Fake, Crude, Poor and Lazy Work',
          '大力整治“低、假、粗、差、懒”问题,督促党员干部负重赶超',
          '问题整治台账、通报及整改记录',
        ),
        req(
          '6.4.2',
          '要我做到我要做',
          'From Told to Do to Want to Do',
          '形成从“要我做”到“我要做”的观念革新',
          '作风评议、群众满意度测评结果',
        ),
        req(
          '6.4.3',
          '承诺践诺',
          'Making and Keeping Commitments',
          '引导党员干部在承诺践诺中锻炼本领、在急难险重中自我磨砺',
          '党员承诺书、践诺评议记录',
        ),
      ],
    ),
  ]),
];

/** Flattens the tree depth-first with parent codes, for inserting. */
export function flattenFramework(nodes: FrameworkSeedNode[], parentCode: string | null = null): FlatFrameworkSeedNode[] {
  const rows: FlatFrameworkSeedNode[] = [];
  nodes.forEach((node, index) => {
    const { children, ...rest } = node;
    rows.push({ ...rest, parentCode, sortOrder: index + 1 });
    rows.push(...flattenFramework(children, node.code));
  });
  return rows;
}
