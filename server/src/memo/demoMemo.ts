import type { MemoSeed } from '@accord/shared/memo/seed';

/**
 * The fictional demo memo the server creates on first start, so a fresh
 * installation has something to open. It is the consensus memorandum of an
 * invented China–US Track II (unofficial) dialogue; all institutions, people,
 * dates and outcomes are made up. Section and clause ids are fixed so the demo
 * is the same on every installation.
 */
export const demoMemoSeed: MemoSeed = {
  titleBlock: {
    zh: '中美海洋科学与渔业合作二轨对话\n\n共识备忘录\n\n2026年5月14日至15日\n\n中国青岛及线上（线上线下结合）',
    en: 'China–US Track II Dialogue on Ocean Science and Fisheries Cooperation\n\nConsensus Memorandum\n\n14–15 May 2026\n\nQingdao, China, and online (hybrid format)',
  },
  sections: [
    {
      id: 'preamble',
      title: { zh: '序言', en: 'Preamble' },
      numbered: false,
      clauses: [
        {
          id: 'preamble-1',
          text: {
            zh: '蓝海海洋治理研究院与卡斯卡迪亚海洋政策理事会于2026年5月14日至15日在青岛召开第三轮中美海洋科学与渔业合作二轨对话，部分与会者以线上方式参会。对话汇聚了两国的学者、前政府官员、渔业管理人员和海洋科学家，与会者均以个人身份参加。',
            en: 'The Lanhai Institute for Ocean Governance and the Cascadia Council on Marine Policy convened the third round of the China–US Track II Dialogue on Ocean Science and Fisheries Cooperation in Qingdao on 14–15 May 2026, with some participants joining online. The dialogue brought together scholars, former officials, fisheries managers and ocean scientists from both countries, all of whom took part in their personal capacities.',
          },
        },
        {
          id: 'preamble-2',
          text: {
            zh: '与会者就海洋领域双边关系现状、渔业可持续管理、海洋数据共享以及海洋观测技术发展等议题深入交换了意见。\n\n本备忘录记录与会者达成的共识，并提出对两国政府的建议。本备忘录不代表任何一方政府或主办机构的官方立场。',
            en: 'Participants held in-depth exchanges on the state of bilateral relations in the ocean domain, the sustainable management of fisheries, the sharing of marine data and the development of ocean observation technology.\n\nThis memorandum records the points on which participants reached consensus and sets out their recommendations to both governments. It does not represent the official position of either government or of the organising institutions.',
          },
        },
      ],
    },
    {
      id: 'status',
      title: { zh: '双边关系现状', en: 'Status of relations' },
      clauses: [
        {
          id: 'status-1',
          text: {
            zh: '**海洋合作仍是双边关系中相对稳定的领域之一。**即便在双边关系整体紧张的时期，科学交流、联合科考航次以及渔业主管部门之间的联系也大体得以延续，与会者认为这一成果值得珍视和维护。',
            en: '**Ocean cooperation remains one of the more stable areas of the bilateral relationship.** Even in periods of broader tension, scientific exchanges, joint research cruises and contacts between fisheries agencies have largely continued, and participants regard this record as an asset worth preserving.',
          },
        },
        {
          id: 'status-2',
          text: {
            zh: '**近年来务实合作渠道有所收窄。**多项海洋科学领域的正式协议已经到期或仅得到部分执行，签证和出口管制程序延缓了科研人员和仪器设备的往来，参与联合项目的青年科学家也有所减少。\n\n与会者指出，上述趋势若得不到应对，可能削弱合作赖以维系的专业能力与人际互信。',
            en: '**Channels for practical cooperation have narrowed in recent years.** Several formal agreements on marine science have lapsed or are only partly implemented, visa and export-control procedures have slowed the movement of researchers and instruments, and fewer young scientists are taking part in joint projects.\n\nParticipants noted that, if left unaddressed, these trends risk eroding the expertise and personal trust on which cooperation depends.',
          },
        },
        {
          id: 'status-3',
          text: {
            zh: '**两国在维护海洋健康方面拥有重大共同利益。**作为渔业大国、水产品消费大国和海洋科研强国，中美两国都受到过度捕捞、海洋变暖和海洋污染的影响，任何一方都无法单独有效应对这些挑战。',
            en: '**Both countries share a strong interest in healthy oceans.** As major fishing nations, major consumers of seafood and leading powers in ocean research, China and the United States are both affected by overfishing, warming seas and marine pollution, and neither can address these challenges effectively on its own.',
          },
        },
      ],
    },
    {
      id: 'principles',
      title: { zh: '达成的原则', en: 'Principles agreed' },
      clauses: [
        {
          id: 'principles-1',
          text: {
            zh: '与会者一致认为，海洋合作应以科学为指导，在平等互利的基础上开展，并尽可能与双边关系其他领域的分歧相区隔。',
            en: 'Participants agreed that ocean cooperation should be guided by science, conducted on the basis of equality and mutual benefit, and kept separate, as far as possible, from differences in other areas of the relationship.',
          },
        },
      ],
      subsections: [
        {
          id: 'principles-fisheries',
          title: { zh: '在渔业与海洋数据领域', en: 'On fisheries and marine data' },
          clauses: [
            {
              id: 'principles-fisheries-1',
              text: {
                zh: '**渔业管理应以现有最佳科学为依据。**种群评估、捕捞限额和养护措施应以共享数据和经同行评议的方法为基础，双方应在各自参加的区域渔业管理组织中共同支持这一做法。',
                en: '**Fisheries management should rest on the best available science.** Stock assessments, catch limits and conservation measures should be based on shared data and peer-reviewed methods, and both sides should support this approach in the regional fisheries management organisations of which they are members.',
              },
            },
            {
              id: 'principles-fisheries-2',
              text: {
                zh: '**具有共同利益的海洋数据应公开、及时共享。**联合项目中采集的海洋学和渔业数据，应按照商定的标准向两国研究人员开放，同时充分尊重各自国内法律和正当安全关切。',
                en: '**Marine data of common interest should be shared openly and promptly.** Oceanographic and fisheries data collected in joint projects should be made available to researchers of both countries under agreed standards, with due regard for national law and legitimate security concerns.',
              },
            },
            {
              id: 'principles-fisheries-3',
              text: {
                zh: '**非法、不报告和不受管制捕捞是双方的共同关切。**与会者一致认为，打击此类捕捞需要提高整个供应链的透明度，包括加强渔获可追溯性，并就涉嫌从事此类捕捞的船只交换信息。',
                en: '**Illegal, unreported and unregulated fishing is a shared concern.** Participants agreed that combating such fishing requires greater transparency across the supply chain, including better traceability of catches and the exchange of information on vessels suspected of engaging in it.',
              },
            },
          ],
        },
        {
          id: 'principles-observation',
          title: { zh: '在海洋观测技术领域', en: 'On ocean observation technology' },
          clauses: [
            {
              id: 'principles-observation-1',
              text: {
                zh: '**海洋观测是全球公共产品。**剖面浮标、锚系浮标和卫星任务等观测系统服务于各国的天气预报、气候研究和灾害预警，应通过国际合作加以维持。',
                en: '**Ocean observation is a global public good.** Observing systems such as profiling floats, moored buoys and satellite missions serve weather forecasting, climate research and disaster warning in all countries, and should be sustained through international cooperation.',
              },
            },
            {
              id: 'principles-observation-2',
              text: {
                zh: '**技术标准应相互兼容。**与会者一致认为，采用共同的校准方法、数据格式和质量控制程序，可使任何一方布放的仪器都能为共享观测网络作出贡献。\n\n与会者还一致认为，观测技术合作应遵守各自的出口管制规定，同时避免采取超出真正安全需要的限制措施。',
                en: '**Technical standards should be compatible.** Participants agreed that common calibration methods, data formats and quality-control procedures would allow instruments deployed by either country to contribute to shared observing networks.\n\nParticipants further agreed that cooperation on observation technology should comply with each country\'s export-control rules, while avoiding restrictions that go beyond what genuine security needs require.',
              },
            },
          ],
        },
      ],
    },
    {
      id: 'recommendations',
      title: { zh: '对双方政府的建议', en: 'Recommendations to both governments' },
      clauses: [
        {
          id: 'recommendations-1',
          text: {
            zh: '两国政府应续签已到期的海洋与渔业科学合作框架，或以新的合作文件取而代之，并在各主管部门分别指定一名工作层面的联络人。',
            en: 'Both governments should renew the lapsed framework for cooperation in marine and fisheries science, or replace it with a new instrument, and designate a working-level contact point in each of the competent agencies.',
          },
        },
        {
          id: 'recommendations-2',
          text: {
            zh: '两国政府应为联合项目所涉科研人员的往来和科学仪器的运输提供便利，包括及时办理签证，并就出口管制要求提供明确指引。',
            en: 'Both governments should facilitate the travel of researchers and the shipment of scientific instruments for joint projects, including by processing visas in a timely manner and providing clear guidance on export-control requirements.',
          },
        },
        {
          id: 'recommendations-3',
          text: {
            zh: '两国政府应支持针对北太平洋一个或多个共有鱼类种群开展数据交换联合试点项目，并在两年后由两国科学家对试点成果进行评估。\n\n该试点项目应向其他有意参与的国家和相关区域组织开放。',
            en: 'Both governments should support a joint pilot programme on data exchange for one or more shared fish stocks in the North Pacific, with its results to be reviewed by scientists from both countries after two years.\n\nThe pilot programme should be open to other interested countries and to relevant regional organisations.',
          },
        },
      ],
    },
    {
      id: 'future',
      title: { zh: '未来合作', en: 'Future cooperation' },
      clauses: [
        {
          id: 'future-1',
          text: {
            zh: '与会者同意于2027年在美国举行第四轮对话，并成立专家工作组，在两轮对话之间以线上方式开会，跟进本备忘录的落实情况。',
            en: 'Participants agreed to hold the fourth round of the dialogue in the United States in 2027 and to establish an expert working group that will meet online between rounds to follow up on the implementation of this memorandum.',
          },
        },
        {
          id: 'future-2',
          text: {
            zh: '主办机构将向两国相关部门通报本备忘录，并邀请青年科学家参加今后各轮对话。',
            en: 'The organising institutions will share this memorandum with the relevant authorities of both countries and will invite early-career scientists to take part in future rounds of the dialogue.',
          },
        },
      ],
    },
  ],
};
